package io.hubia.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.report.Thresholds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusSummaryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
  private static final Instant END = Instant.parse("2026-11-29T10:05:00Z");
  private static final Thresholds THRESHOLDS =
      Thresholds.parse(
          Map.of(
              "citation_recall", ">= 0.8",
              "must_not_cite_violations", "<= 0",
              "cases_passed_share", ">= 0.5"));

  private static CaseResult result(String id, String suite, boolean passed) {
    return new CaseResult(
        id,
        suite,
        List.of(),
        "question " + id,
        "marie",
        null,
        false,
        null,
        List.of(),
        List.of(),
        passed,
        passed ? List.of() : List.of("failed"),
        Map.of(),
        false,
        1);
  }

  private static EvaluationReport report(
      Map<String, List<MetricResult>> suites, List<MetricResult> runMetrics) {
    List<CaseResult> cases = new ArrayList<>();
    suites.keySet().forEach(s -> cases.add(result(s + "-1", s, true)));
    suites.keySet().forEach(s -> cases.add(result(s + "-2", s, false)));
    return EvaluationReport.of(
        "assistant",
        0,
        START,
        END,
        "http://assistant-evaluation.hubia.svc:8080",
        List.copyOf(suites.keySet()),
        1,
        THRESHOLDS.evaluate(runMetrics),
        cases);
  }

  private static JsonNode parse(String summary) throws Exception {
    assertThat(summary.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(StatusSummary.MAX_BYTES);
    return JSON.readTree(summary);
  }

  @Test
  void hasTheShapeOfTheEvaluationStatusWithAScoreOverSuites() throws Exception {
    Map<String, List<MetricResult>> suites = new LinkedHashMap<>();
    suites.put(
        "golden",
        THRESHOLDS.evaluate(
            List.of(
                new MetricResult("citation_recall", 0.904761, 0.01, 0.85, 0.95, null, true, 21),
                MetricResult.of("token_f1", 0.61237, 20),
                MetricResult.of("fallback_recall", Double.NaN, 0),
                MetricResult.of("must_not_cite_violations", 0.0, 12),
                new MetricResult("cases_passed_share", 0.75, null, 0.6, 0.86, null, true, 20))));
    suites.put(
        "injection",
        THRESHOLDS.evaluate(
            List.of(
                MetricResult.of("citation_recall", 0.5, 4),
                MetricResult.of("cases_passed_share", 0.4, 10))));
    EvaluationReport report =
        report(
            suites,
            List.of(
                MetricResult.of("citation_recall", 0.85, 25),
                MetricResult.of("cases_passed_share", 0.65, 30)));

    JsonNode summary = parse(StatusSummary.of(report, suites));

    assertThat(summary.get("result").asText()).isEqualTo("Passed");
    // mean of 0.75 and 0.4
    assertThat(summary.get("score").asDouble()).isEqualTo(0.575);
    assertThat(summary.get("completionTime").asText()).isEqualTo(END.toString());
    assertThat(summary.has("truncated")).isFalse();
    JsonNode golden = summary.at("/suites/0");
    assertThat(golden.get("name").asText()).isEqualTo("golden");
    assertThat(golden.get("cases").asInt()).isEqualTo(2);
    assertThat(golden.get("passed").asBoolean()).isTrue();
    List<String> names = new ArrayList<>();
    golden.get("metrics").forEach(m -> names.add(m.get("name").asText()));
    // fallback_recall applies to nothing in the suite: left out
    assertThat(names)
        .containsExactly(
            "citation_recall", "token_f1", "must_not_cite_violations", "cases_passed_share");
    JsonNode recall = golden.at("/metrics/0");
    assertThat(recall.get("value").asDouble()).isEqualTo(0.9048);
    assertThat(recall.get("confidenceInterval").asDouble()).isEqualTo(0.05);
    assertThat(recall.get("min").asDouble()).isEqualTo(0.8);
    assertThat(recall.has("max")).isFalse();
    assertThat(recall.get("passed").asBoolean()).isTrue();
    JsonNode f1 = golden.at("/metrics/1");
    assertThat(f1.get("value").asDouble()).isEqualTo(0.6124);
    assertThat(f1.has("passed")).isFalse();
    assertThat(f1.has("min")).isFalse();
    assertThat(f1.has("confidenceInterval")).isFalse();
    JsonNode violations = golden.at("/metrics/2");
    assertThat(violations.get("max").asDouble()).isEqualTo(0.0);
    assertThat(violations.has("min")).isFalse();
    JsonNode injection = summary.at("/suites/1");
    assertThat(injection.get("passed").asBoolean()).isFalse();
    assertThat(injection.at("/metrics/0/passed").asBoolean()).isFalse();
  }

  @Test
  void aMissedThresholdFailsTheRunAndAnUnmeasuredGateIsShownInEverySuite() throws Exception {
    Thresholds gate = Thresholds.parse(Map.of("fallback_recall", ">= 0.9"));
    Map<String, List<MetricResult>> suites =
        Map.of("golden", gate.evaluate(List.of(MetricResult.of("fallback_recall", Double.NaN, 0))));
    EvaluationReport report =
        EvaluationReport.of(
            "assistant",
            0,
            START,
            END,
            "http://x:8080",
            List.of("golden"),
            1,
            gate.evaluate(List.of(MetricResult.of("fallback_recall", Double.NaN, 0))),
            List.of(result("a", "golden", true)));

    JsonNode summary = parse(StatusSummary.of(report, suites));

    assertThat(summary.get("result").asText()).isEqualTo("Failed");
    assertThat(summary.has("score")).isFalse();
    JsonNode metric = summary.at("/suites/0/metrics/0");
    assertThat(metric.get("name").asText()).isEqualTo("fallback_recall");
    assertThat(metric.has("value")).isFalse();
    assertThat(metric.get("passed").asBoolean()).isFalse();
    assertThat(summary.at("/suites/0/passed").asBoolean()).isFalse();
  }

  @Test
  void staysUnder4000BytesDroppingUngatedMetricsThenBreakdownsThenSuites() throws Exception {
    Map<String, List<MetricResult>> suites = new LinkedHashMap<>();
    for (int s = 0; s < 3; s++) {
      List<MetricResult> metrics = new ArrayList<>();
      metrics.add(MetricResult.of("citation_recall", 0.9, 10));
      metrics.add(MetricResult.of("cases_passed_share", 0.8, 10));
      for (int k = 0; k < 30; k++) {
        metrics.add(MetricResult.of("ungated_metric_number_" + k, 0.123456, 10));
      }
      suites.put("suite-" + s, THRESHOLDS.evaluate(metrics));
    }
    EvaluationReport report =
        report(suites, List.of(MetricResult.of("cases_passed_share", 0.8, 30)));
    String full = StatusSummary.of(report, suites);
    JsonNode summary = parse(full);
    // three suites of 32 metrics are over the limit; without the ungated ones they fit
    assertThat(summary.get("truncated").asBoolean()).isTrue();
    assertThat(summary.get("suites")).hasSize(3);
    summary
        .get("suites")
        .forEach(
            suite -> {
              assertThat(suite.get("metrics")).hasSize(2);
              suite.get("metrics").forEach(m -> assertThat(m.has("passed")).isTrue());
            });
    assertThat(summary.get("score").asDouble()).isEqualTo(0.8);

    // breakdowns with thresholds: kept over ungated metrics, dropped before the plain gates
    Thresholds perKind = Thresholds.parse(Map.of("citation_recall", ">= 0.8"));
    Map<String, List<MetricResult>> many = new LinkedHashMap<>();
    for (int s = 0; s < 4; s++) {
      List<MetricResult> metrics = new ArrayList<>();
      metrics.add(perKind.evaluate(MetricResult.of("citation_recall", 0.9, 10)));
      for (int k = 0; k < 15; k++) {
        metrics.add(
            new MetricResult(
                "citation_recall.kind_" + k,
                0.85,
                null,
                0.7,
                0.95,
                io.hubia.eval.report.Threshold.atLeast(0.8),
                true,
                5));
      }
      many.put("suite-" + s, metrics);
    }
    JsonNode trimmed = parse(StatusSummary.of(report(many, List.of()), many));
    assertThat(trimmed.get("truncated").asBoolean()).isTrue();
    trimmed
        .get("suites")
        .forEach(
            suite -> {
              assertThat(suite.get("metrics")).hasSize(1);
              assertThat(suite.at("/metrics/0/name").asText()).isEqualTo("citation_recall");
            });

    // so many suites that even their names do not fit: trailing suites go
    Map<String, List<MetricResult>> huge = new LinkedHashMap<>();
    for (int s = 0; s < 200; s++) {
      huge.put("a-rather-long-suite-name-" + s, List.of(MetricResult.of("token_f1", 0.5, 1)));
    }
    JsonNode cut = parse(StatusSummary.of(report(huge, List.of()), huge));
    assertThat(cut.get("truncated").asBoolean()).isTrue();
    assertThat(cut.get("suites").size()).isBetween(1, 199);
    assertThat(cut.at("/suites/0/name").asText()).isEqualTo("a-rather-long-suite-name-0");
  }

  @Test
  void aRangeThresholdGivesBothBounds() throws Exception {
    Thresholds range = Thresholds.parse("false_fallback_rate: {min: 0.0, max: 0.15}\n");
    Map<String, List<MetricResult>> suites = new LinkedHashMap<>();
    suites.put("golden", range.evaluate(List.of(MetricResult.of("false_fallback_rate", 0.2, 11))));
    JsonNode metric =
        parse(StatusSummary.of(report(suites, List.of()), suites))
            .path("suites")
            .get(0)
            .path("metrics")
            .get(0);
    assertThat(metric.path("min").asDouble()).isEqualTo(0.0);
    assertThat(metric.path("max").asDouble()).isEqualTo(0.15);
    assertThat(metric.path("passed").asBoolean()).isFalse();
  }

  @Test
  void anErrorSummaryHasTheMessageOnOneLineAndAtMost1000Characters() throws Exception {
    JsonNode error = parse(StatusSummary.error("golden set golden.yaml:\nline 3: missing 'id'"));
    assertThat(error.get("result").asText()).isEqualTo("Error");
    assertThat(error.get("message").asText())
        .isEqualTo("golden set golden.yaml: line 3: missing 'id'");
    assertThat(error.size()).isEqualTo(2);

    JsonNode longOne = parse(StatusSummary.error("é".repeat(5000)));
    assertThat(longOne.get("message").asText()).hasSize(1000).endsWith("...");
    assertThat(parse(StatusSummary.error(null)).get("message").asText()).isNotBlank();
  }
}
