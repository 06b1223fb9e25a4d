package io.hubia.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportOutcomeTest {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void failsWhenAMetricMissesItsThreshold() {
    EvaluationReport report = Reports.sample();

    assertThat(report.passed()).isFalse();
    assertThat(ReportOutcome.exitCode(report)).isEqualTo(1);
  }

  @Test
  void passesWhenEveryThresholdIsMetEvenWithFailingCasesAndUnboundedMetrics() {
    List<MetricResult> metrics =
        List.of(
            MetricResult.of("recall", 0.9, 5).against(Threshold.atLeast(0.8)),
            MetricResult.of("token_f1", 0.1, 5));

    EvaluationReport report = report(metrics);

    assertThat(report.passed()).isTrue();
    assertThat(ReportOutcome.exitCode(report)).isZero();
  }

  @Test
  void recomputesTheVerdictRatherThanTrustingIt() {
    MetricResult lying =
        new MetricResult("recall", 0.5, null, null, null, Threshold.atLeast(0.8), true, 5);

    assertThat(ReportOutcome.exitCode(report(List.of(lying)))).isEqualTo(1);
  }

  @Test
  void noMetricsMeansPassed() {
    assertThat(ReportOutcome.exitCode(report(List.of()))).isZero();
  }

  private static EvaluationReport report(List<MetricResult> metrics) {
    return EvaluationReport.of(
        "wf", 1, START, START.plusSeconds(1), null, List.of("answers"), 1, metrics, List.of());
  }
}
