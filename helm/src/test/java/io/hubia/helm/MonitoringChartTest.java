package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's monitoring: the PrometheusRule of templates/prometheusrule.yaml, the Grafana
 * dashboards of dashboards/ and their ConfigMaps (templates/dashboards.yaml). Every alert must link
 * to a runbook entry that exists, and every metric an alert or a dashboard names must be one of
 * docs/metrics.md, the catalogue of what the operator and the runtime export.
 */
class MonitoringChartTest {
  private static final Path CHART = Path.of("hubia");
  private static final Path DASHBOARDS = CHART.resolve("dashboards");
  private static final Path DOCS = Path.of("..", "docs");
  private static final Path RUNBOOKS = DOCS.resolve("runbooks");
  private static final String NAMESPACE = "hubia-system";
  private static final String DEFAULT_RUNBOOKS =
      "https://github.com/hubia/hubia/blob/main/docs/runbooks";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Rendered once with both parts on; each test that needs other values renders its own. */
  private static List<HasMetadata> enabled;

  private static MetricCatalogue catalogue;

  @BeforeAll
  static void renderEnabled() throws IOException {
    enabled =
        render(
            Map.of(
                "metrics.prometheusRule.enabled", true,
                "metrics.dashboards.enabled", true));
    catalogue = MetricCatalogue.read(DOCS.resolve("metrics.md"));
  }

  @Test
  void nothingIsRenderedByDefault() {
    List<HasMetadata> objects = render(Map.of());

    assertThat(objects).noneMatch(PrometheusRule.class::isInstance);
    assertThat(dashboardConfigMaps(objects)).isEmpty();
  }

  @Test
  void eachPartIsRenderedOnlyWhenItIsEnabled() {
    List<HasMetadata> rulesOnly = render(Map.of("metrics.prometheusRule.enabled", true));
    List<HasMetadata> dashboardsOnly = render(Map.of("metrics.dashboards.enabled", true));

    assertThat(rulesOnly).filteredOn(PrometheusRule.class::isInstance).hasSize(1);
    assertThat(dashboardConfigMaps(rulesOnly)).isEmpty();
    assertThat(dashboardsOnly).noneMatch(PrometheusRule.class::isInstance);
    assertThat(dashboardConfigMaps(dashboardsOnly)).hasSize(dashboardFiles().size());
  }

  @Test
  void thePrometheusRuleIsNamedAndLabelledFromTheRelease() {
    PrometheusRule rule = prometheusRule(enabled);

    assertThat(rule.getMetadata().getName()).isEqualTo("hubia-alerts");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(rule.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/part-of", "hubia")
        .containsEntry("app.kubernetes.io/instance", "hubia");
    assertThat(rule.getSpec().getGroups())
        .extracting(RuleGroup::getName)
        .containsExactly(
            "hubia.operator",
            "hubia.ingestion",
            "hubia.evaluation",
            "hubia.runtime",
            "hubia.audit");
  }

  @Test
  void theAlertsTheIssueAsksForAreThere() {
    assertThat(alerts(enabled))
        .extracting(Rule::getAlert)
        .doesNotHaveDuplicates()
        .contains(
            "HubiaOperatorDown",
            "HubiaReconcileErrors",
            "HubiaResourceNotReady",
            "HubiaIndexOutOfDate",
            "HubiaSyncFailing",
            "HubiaOpenSearchUnreachable",
            "HubiaEvaluationBelowThreshold",
            "HubiaEvaluationFailing",
            "HubiaEvaluationErrors",
            "HubiaEvaluationStale",
            "HubiaPermissionProbeSucceeded",
            "HubiaFallbackRateHigh",
            "HubiaModelEndpointDown",
            "HubiaInjectionDetections",
            "HubiaSystemPromptLeak",
            "HubiaReadRecheckDropped",
            "HubiaApprovalQueueGrowing",
            "HubiaAskUnavailable",
            "HubiaAuditChainBroken",
            "HubiaAuditUnhealthy",
            "HubiaAuditNotVerified",
            "HubiaAuditWriteFailures",
            "HubiaAuditStoreUnreachable",
            "HubiaAuditVerificationFailing");
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionAndAFor() {
    for (Rule rule : alerts(enabled)) {
      String name = rule.getAlert();
      assertThat(rule.getLabels()).as(name).containsKey("severity");
      assertThat(rule.getLabels().get("severity")).as(name).isIn("critical", "warning", "info");
      assertThat(rule.getAnnotations()).as(name).containsKeys("summary", "description");
      assertThat(rule.getAnnotations().get("summary")).as(name).isNotBlank();
      assertThat(rule.getFor()).as(name).matches("\\d+[smh]");
      assertThat(rule.getRecord()).as(name).isNull();
      assertThat(rule.getAdditionalProperties()).as(name).isEmpty();
    }
  }

  @Test
  void everyRunbookUrlLeadsToAHeadingOfARunbook() throws IOException {
    Map<String, Set<String>> anchors = new HashMap<>();
    for (Rule rule : alerts(enabled)) {
      String url = rule.getAnnotations().get("runbook_url");
      assertThat(url).as(rule.getAlert()).startsWith(DEFAULT_RUNBOOKS + "/").contains(".md#");
      String page = url.substring(DEFAULT_RUNBOOKS.length() + 1, url.indexOf('#'));
      String anchor = url.substring(url.indexOf('#') + 1);
      Path file = RUNBOOKS.resolve(page);
      assertThat(file).as(rule.getAlert() + ": " + url).isRegularFile();
      Set<String> headings = anchors.computeIfAbsent(page, p -> Markdown.anchors(file));
      assertThat(headings).as(rule.getAlert() + ": " + url).contains(anchor);
    }
  }

  @Test
  void theRunbookIndexListsEveryAlertWithTheLinkOfItsRule() throws IOException {
    String index = Files.readString(RUNBOOKS.resolve("README.md"));

    for (Rule rule : alerts(enabled)) {
      String url = rule.getAnnotations().get("runbook_url");
      String link = url.substring(DEFAULT_RUNBOOKS.length() + 1);
      assertThat(index)
          .as("docs/runbooks/README.md lists " + rule.getAlert())
          .containsPattern(
              "(?m)^\\| `"
                  + rule.getAlert()
                  + "` \\| "
                  + rule.getLabels().get("severity")
                  + " \\| .+ \\| \\[[^]]+]\\("
                  + java.util.regex.Pattern.quote(link)
                  + "\\) \\|$");
    }
  }

  @Test
  void theRunbookBaseUrlComesFromTheValues() {
    List<HasMetadata> objects =
        render(
            Map.of(
                "metrics.prometheusRule.enabled",
                true,
                "metrics.prometheusRule.runbookBaseUrl",
                "https://docs.example.org/hubia/runbooks/"));

    assertThat(alerts(objects))
        .extracting(rule -> rule.getAnnotations().get("runbook_url"))
        .allMatch(
            url -> url.matches("https://docs\\.example\\.org/hubia/runbooks/[a-z-]+\\.md#.+"));
  }

  @Test
  void everyMetricOfAnAlertIsInTheCatalogue() {
    Map<String, Set<String>> unknown = new TreeMap<>();
    for (Rule rule : alerts(enabled)) {
      Set<String> names = PromQl.metricNames(rule.getExpr().getStrVal());
      assertThat(names).as(rule.getAlert() + " names no metric").isNotEmpty();
      names.stream()
          .filter(name -> !catalogue.knows(name))
          .forEach(
              name -> unknown.computeIfAbsent(rule.getAlert(), a -> new TreeSet<>()).add(name));
    }
    assertThat(unknown).as("metrics absent from docs/metrics.md").isEmpty();
  }

  @Test
  void alertExpressionsAreBalancedAndKeepTheLabelsTheirDescriptionNames() {
    Pattern label = Pattern.compile("\\$labels\\.([a-zA-Z_]+)");
    Pattern by = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    for (Rule rule : alerts(enabled)) {
      String expr = rule.getExpr().getStrVal();
      assertThat(PromQl.balanced(expr)).as(rule.getAlert() + ": " + expr).isTrue();
      String description = rule.getAnnotations().get("description");
      assertThat(description).as(rule.getAlert()).doesNotContain("{{`");
      Set<String> kept = new HashSet<>();
      Matcher groups = by.matcher(expr);
      boolean aggregated = false;
      while (groups.find()) {
        aggregated = true;
        for (String name : groups.group(1).split(",")) {
          kept.add(name.trim());
        }
      }
      if (!aggregated) {
        continue;
      }
      Matcher used = label.matcher(description + rule.getAnnotations().get("summary"));
      while (used.find()) {
        assertThat(kept)
            .as(rule.getAlert() + ": the description names $labels." + used.group(1))
            .contains(used.group(1));
      }
    }
  }

  @Test
  void thresholdsComeFromTheValues() {
    List<HasMetadata> objects =
        render(
            Map.of(
                "metrics.prometheusRule.enabled",
                true,
                "metrics.prometheusRule.thresholds.fallbackRatio",
                0.45,
                "metrics.prometheusRule.thresholds.evaluationStaleSeconds",
                0,
                "metrics.prometheusRule.operatorJob",
                "my-operator"));
    Map<String, String> exprs = new LinkedHashMap<>();
    alerts(objects).forEach(rule -> exprs.put(rule.getAlert(), rule.getExpr().getStrVal()));

    assertThat(exprs.get("HubiaFallbackRateHigh")).contains("> 0.45");
    assertThat(exprs).doesNotContainKey("HubiaEvaluationStale");
    assertThat(exprs.get("HubiaOperatorDown"))
        .contains("job=\"my-operator\"", "namespace=\"" + NAMESPACE + "\"");
    assertThat(prometheusRuleExpr(enabled, "HubiaOperatorDown"))
        .contains("job=\"hubia-operator-metrics\"");
    assertThat(prometheusRuleExpr(enabled, "HubiaIndexOutOfDate")).contains("> 172800");
  }

  @Test
  void labelsFromTheValuesAreApplied() {
    List<HasMetadata> objects =
        render(
            Map.of(
                "metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.labels.release", "prometheus",
                "metrics.dashboards.enabled", true,
                "metrics.dashboards.labels.team", "platform",
                "metrics.dashboards.namespace", "grafana"));

    assertThat(prometheusRule(objects).getMetadata().getLabels())
        .containsEntry("release", "prometheus")
        .containsEntry("app.kubernetes.io/part-of", "hubia");
    assertThat(dashboardConfigMaps(objects))
        .isNotEmpty()
        .allSatisfy(
            cm -> {
              assertThat(cm.getMetadata().getNamespace()).isEqualTo("grafana");
              assertThat(cm.getMetadata().getLabels())
                  .containsEntry("team", "platform")
                  .containsEntry("grafana_dashboard", "1")
                  .containsEntry("app.kubernetes.io/part-of", "hubia");
            });
  }

  @Test
  void eachDashboardFileHasAConfigMapInTheReleaseNamespace() throws IOException {
    List<ConfigMap> configMaps = dashboardConfigMaps(enabled);
    Map<String, String> rendered = new TreeMap<>();
    for (ConfigMap cm : configMaps) {
      assertThat(cm.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
      assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
      assertThat(cm.getData()).as(cm.getMetadata().getName()).hasSize(1);
      rendered.putAll(cm.getData());
    }
    Map<String, String> files = new TreeMap<>();
    for (Path file : dashboardFiles()) {
      files.put(file.getFileName().toString(), Files.readString(file).strip());
    }

    assertThat(files).containsOnlyKeys("hubia-agents.json", "hubia-operator.json");
    assertThat(rendered.keySet()).isEqualTo(files.keySet());
    rendered.forEach((key, json) -> assertThat(json.strip()).as(key).isEqualTo(files.get(key)));
    assertThat(configMaps)
        .extracting(cm -> cm.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "hubia-dashboard-hubia-agents", "hubia-dashboard-hubia-operator");
  }

  @Test
  void dashboardsHaveStableUidsUniquePanelIdsAndTheirVariables() throws IOException {
    Map<String, List<String>> variables =
        Map.of(
            "hubia-operator.json", List.of("datasource", "job", "namespace", "workflow"),
            "hubia-agents.json", List.of("datasource", "namespace", "workflow"));
    for (Path file : dashboardFiles()) {
      String name = file.getFileName().toString();
      JsonNode dashboard = JSON.readTree(file.toFile());
      assertThat(dashboard.path("uid").asText()).as(name).isEqualTo(name.replace(".json", ""));
      assertThat(dashboard.path("schemaVersion").asInt()).as(name).isBetween(36, 41);
      assertThat(dashboard.path("title").asText()).as(name).startsWith("Hubia / ");

      List<JsonNode> vars = new ArrayList<>();
      dashboard.path("templating").path("list").forEach(vars::add);
      assertThat(vars).extracting(v -> v.path("name").asText()).isEqualTo(variables.get(name));
      JsonNode datasource = vars.get(0);
      assertThat(datasource.path("type").asText()).isEqualTo("datasource");
      assertThat(datasource.path("query").asText()).isEqualTo("prometheus");

      List<JsonNode> panels = panels(dashboard);
      assertThat(panels).as(name).hasSizeGreaterThan(10);
      assertThat(panels)
          .as(name + ": panel ids")
          .extracting(p -> p.path("id").asInt())
          .doesNotHaveDuplicates()
          .allMatch(id -> id > 0);
      for (JsonNode panel : panels) {
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        String title = name + ": " + panel.path("title").asText();
        assertThat(panel.path("datasource").path("uid").asText())
            .as(title)
            .isEqualTo("${datasource}");
        assertThat(panel.path("targets").size()).as(title).isPositive();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("datasource").path("uid").asText())
              .as(title)
              .isEqualTo("${datasource}");
          assertThat(PromQl.balanced(target.path("expr").asText())).as(title).isTrue();
        }
        JsonNode grid = panel.path("gridPos");
        assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isBetween(1, 24);
      }
    }
  }

  @Test
  void everyMetricOfADashboardIsInTheCatalogue() throws IOException {
    Map<String, Set<String>> unknown = new TreeMap<>();
    for (Path file : dashboardFiles()) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      List<String> queries = new ArrayList<>();
      for (JsonNode panel : panels(dashboard)) {
        panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
      }
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          queries.add(variable.path("definition").asText());
          queries.add(variable.path("query").path("query").asText());
        }
      }
      for (String query : queries) {
        Set<String> names = PromQl.metricNames(query);
        assertThat(names).as(file + ": " + query + " names no metric").isNotEmpty();
        names.stream()
            .filter(name -> !catalogue.knows(name))
            .forEach(
                name ->
                    unknown
                        .computeIfAbsent(file.getFileName().toString(), f -> new TreeSet<>())
                        .add(name));
      }
    }
    assertThat(unknown).as("metrics absent from docs/metrics.md").isEmpty();
  }

  /** The checks themselves: metric names out of PromQL, and the catalogue's suffix rules. */
  @Test
  void theMetricNameExtractionFindsMetricsOnly() {
    assertThat(
            PromQl.metricNames(
                "sum by (namespace, workflow) (rate(hubia_ask_requests_total{outcome=\"fallback\","
                    + " workflow=~\"$workflow\"}[$__rate_interval])) / on (workflow) group_left"
                    + " sum(rate(x_total[5m])) > 0.3 and time() - y_seconds > 2 * 86400"))
        .containsExactlyInAnyOrder("hubia_ask_requests_total", "x_total", "y_seconds");
    assertThat(
            PromQl.metricNames(
                "label_values(hubia_ask_requests_total{namespace=~\"$ns\"}, workflow)"))
        .containsExactly("hubia_ask_requests_total");
    assertThat(PromQl.metricNames("label_values({__name__=~\"a_b|c_d\"}, namespace)"))
        .containsExactlyInAnyOrder("a_b", "c_d");
    assertThat(catalogue.knows("hubia_ask_duration_seconds_bucket")).isTrue();
    assertThat(catalogue.knows("operator_sdk_reconciliations_queue_size_policyset")).isTrue();
    assertThat(catalogue.knows("hubia_ask_requests_total_bucket")).isFalse();
    assertThat(catalogue.knows("hubia_ask_request_total")).isFalse();
    assertThat(PromQl.balanced("sum(rate(a[5m])")).isFalse();
    assertThat(Markdown.anchor("Audit chain broken (`ChainBroken`)"))
        .isEqualTo("audit-chain-broken-chainbroken");
    assertThat(Markdown.anchor("AuditHealthy: ChainBroken, AuditWriteFailures"))
        .isEqualTo("audithealthy-chainbroken-auditwritefailures");
    assertThat(Markdown.anchor("Operator not ready (/readyz 503)"))
        .isEqualTo("operator-not-ready-readyz-503");
  }

  // ------------------------------------------------------------------------------------------

  private static List<HasMetadata> render(Map<String, Object> values) {
    TemplateCommand command =
        new Helm(CHART)
            .template()
            .withName("hubia")
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.31.0")
            .skipCrds();
    values.forEach(command::set);
    // helm-java answers null when nothing is rendered (no template of the chart applies).
    String manifests = Objects.requireNonNullElse(command.call(), "");
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifests.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
        continue;
      }
      objects.add(SERIALIZATION.unmarshal(document));
    }
    return objects;
  }

  private static PrometheusRule prometheusRule(List<HasMetadata> objects) {
    List<PrometheusRule> rules =
        objects.stream()
            .filter(PrometheusRule.class::isInstance)
            .map(PrometheusRule.class::cast)
            .toList();
    assertThat(rules).hasSize(1);
    return rules.get(0);
  }

  private static List<Rule> alerts(List<HasMetadata> objects) {
    List<Rule> alerts =
        prometheusRule(objects).getSpec().getGroups().stream()
            .flatMap(group -> group.getRules().stream())
            .toList();
    assertThat(alerts).isNotEmpty().allMatch(rule -> rule.getAlert() != null);
    return alerts;
  }

  private static String prometheusRuleExpr(List<HasMetadata> objects, String alert) {
    return alerts(objects).stream()
        .filter(rule -> alert.equals(rule.getAlert()))
        .findFirst()
        .orElseThrow()
        .getExpr()
        .getStrVal();
  }

  private static List<ConfigMap> dashboardConfigMaps(List<HasMetadata> objects) {
    return objects.stream()
        .filter(ConfigMap.class::isInstance)
        .map(ConfigMap.class::cast)
        .filter(cm -> cm.getMetadata().getName().contains("-dashboard-"))
        .toList();
  }

  private static List<Path> dashboardFiles() {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every panel of a dashboard, those nested in collapsed rows included. */
  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }
}
