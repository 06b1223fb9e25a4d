package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart grants exactly what docs/operator.md#rbac says the operator uses, no more and no less:
 * the table there is written from the code, the chart from the table, and this test keeps them
 * together.
 */
class RbacMatchesTheDocumentedRulesTest {
  private static final Path OPERATOR_DOC = Path.of("../docs/operator.md");
  private static final Pattern CODE = Pattern.compile("`([^`]*)`");

  /** Granted to every authenticated user by Kubernetes' system:basic-user role. */
  private static final String BASIC_USER_GRANT =
      "authorization.k8s.io/selfsubjectrulesreviews:create";

  /** "group/resource:verb" of each rule of the table. */
  static Set<String> documentedGrants() throws IOException {
    String doc = Files.readString(OPERATOR_DOC);
    String section = doc.substring(doc.indexOf("## RBAC"));
    section = section.substring(0, section.indexOf("\n## ", 4));
    Set<String> grants = new TreeSet<>();
    for (String line : section.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String group = codes(cells[1]).get(0).replace("\"", "");
      // only the verbs before a parenthesis: "(may be limited to `resourceNames: [...]`)" is a note
      String verbs =
          cells[3].contains("(") ? cells[3].substring(0, cells[3].indexOf('(')) : cells[3];
      for (String resource : codes(cells[2])) {
        for (String verb : codes(verbs)) {
          grants.add(group + "/" + resource + ":" + verb);
        }
      }
    }
    return grants;
  }

  private static List<String> codes(String cell) {
    List<String> codes = new ArrayList<>();
    Matcher matcher = CODE.matcher(cell);
    while (matcher.find()) {
      codes.add(matcher.group(1));
    }
    return codes;
  }

  static Set<String> grants(Stream<PolicyRule> rules) {
    Set<String> grants = new TreeSet<>();
    rules.forEach(
        rule -> {
          for (String group : rule.getApiGroups()) {
            for (String resource : rule.getResources()) {
              for (String verb : rule.getVerbs()) {
                grants.add(group + "/" + resource + ":" + verb);
              }
            }
          }
        });
    return grants;
  }

  private static Set<String> renderedGrants(Chart.Rendered rendered) {
    return grants(
        Stream.concat(
            rendered.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
            rendered.all(Role.class).stream().flatMap(r -> r.getRules().stream())));
  }

  @Test
  void theTableIsReadWhole() throws IOException {
    Set<String> documented = documentedGrants();

    assertThat(documented)
        .contains(
            "hubia.io/agentworkflows:watch",
            "/secrets:create",
            "apiextensions.k8s.io/customresourcedefinitions:get",
            "coordination.k8s.io/leases:update",
            BASIC_USER_GRANT)
        .doesNotContain(
            "apiextensions.k8s.io/resourceNames: [servicemonitors.monitoring.coreos.com]:get");
    assertThat(documented).hasSizeGreaterThan(60);
  }

  @Test
  void theChartGrantsExactlyTheDocumentedRules() throws IOException {
    Set<String> expected = new TreeSet<>(documentedGrants());
    expected.remove(BASIC_USER_GRANT);

    assertThat(renderedGrants(Chart.render(Map.of()))).isEqualTo(expected);
  }

  @Test
  void withoutLeaderElectionNoLeaseIsGranted() throws IOException {
    Set<String> expected = new TreeSet<>(documentedGrants());
    expected.remove(BASIC_USER_GRANT);
    expected.removeIf(grant -> grant.startsWith("coordination.k8s.io/"));

    assertThat(renderedGrants(Chart.renderValueSet("namespaced.yaml"))).isEqualTo(expected);
  }

  @Test
  void leasesAreGrantedInTheReleaseNamespaceAndTheCrdReadOnTheServiceMonitorCrdOnly() {
    Chart.Rendered rendered = Chart.render(Map.of());

    assertThat(rendered.all(Role.class))
        .singleElement()
        .satisfies(
            role -> {
              assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
              assertThat(grants(role.getRules().stream()))
                  .allMatch(grant -> grant.startsWith("coordination.k8s.io/leases:"));
            });
    assertThat(
            rendered.all(ClusterRole.class).stream()
                .flatMap(r -> r.getRules().stream())
                .filter(rule -> rule.getApiGroups().contains("apiextensions.k8s.io")))
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getResourceNames())
                    .containsExactly("servicemonitors.monitoring.coreos.com"));
  }

  @Test
  void noRuleUsesAWildcard() {
    assertThat(renderedGrants(Chart.renderValueSet("cluster-wide.yaml")))
        .noneMatch(grant -> grant.contains("*"));
  }
}
