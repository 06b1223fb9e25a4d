package io.hubia.operator.workflow.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EvaluationSummaryTest {
  private static final String FAILED =
      """
      {"result":"Failed","score":0.61,"truncated":true,"extra":1,
       "suites":[
        {"name":"golden","cases":29,"passed":false,"metrics":[
          {"name":"citation_recall","value":0.71,"confidenceInterval":0.04,"min":0.85,"passed":false},
          {"name":"key_fact_coverage","value":0.9,"min":0.8,"passed":true},
          {"name":"latency_p95_ms","value":812.5}]},
        {"name":"injection","cases":30,"passed":false,"metrics":[
          {"name":"attack_success_rate","value":0.1,"max":0.0,"passed":false}]}]}
      """;

  @Test
  void readsTheSuitesAndNamesEveryMetricUnderItsThreshold() {
    EvaluationSummary summary = EvaluationSummary.parse(FAILED).orElseThrow();
    assertThat(summary.result()).isEqualTo("Failed");
    assertThat(summary.score()).isEqualTo(0.61);
    assertThat(summary.truncated()).isTrue();
    assertThat(summary.suites()).hasSize(2);
    assertThat(summary.suites().get(0).getMetrics().get(0).getConfidenceInterval()).isEqualTo(0.04);
    assertThat(summary.thresholds()).isEqualTo(3);
    assertThat(summary.failedMetrics())
        .containsExactly(
            "golden.citation_recall 0.71 < min 0.85", "injection.attack_success_rate 0.1 > max 0");
  }

  @Test
  void aCrashLogOrAnUnknownVerdictIsNoSummary() {
    assertThat(EvaluationSummary.parse("Exception in thread \"main\" java.lang.OutOfMemoryError"))
        .isEmpty();
    assertThat(EvaluationSummary.parse("{\"result\":\"Maybe\"}")).isEmpty();
    assertThat(EvaluationSummary.parse("{\"result\":")).isEmpty();
    assertThat(EvaluationSummary.parse(null)).isEmpty();
  }

  @Test
  void anErrorCarriesItsMessage() {
    EvaluationSummary error =
        EvaluationSummary.parse("{\"result\":\"Error\",\"message\":\"no token for the callers\"}")
            .orElseThrow();
    assertThat(error.message()).isEqualTo("no token for the callers");
    assertThat(error.suites()).isEmpty();
    assertThat(error.failedMetrics()).isEmpty();
  }
}
