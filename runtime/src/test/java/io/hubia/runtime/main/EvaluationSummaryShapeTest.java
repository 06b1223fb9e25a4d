package io.hubia.runtime.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.report.Thresholds;
import io.hubia.eval.run.StatusSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The summary the evaluation Job leaves as its termination message reads, field for field, into the
 * CRD's {@link EvaluationStatus}: eval has no dependency on the CRD model, so this is where the two
 * are held together.
 */
class EvaluationSummaryShapeTest {

  @Test
  void theSummaryOfARunIsAnEvaluationStatus() throws Exception {
    Thresholds thresholds =
        Thresholds.parse(Map.of("citation_recall", ">= 0.8", "false_fallback_rate", "<= 0.1"));
    List<MetricResult> metrics =
        thresholds.evaluate(
            List.of(
                new MetricResult("citation_recall", 0.9, 0.02, 0.85, 0.95, null, true, 20),
                MetricResult.of("false_fallback_rate", 0.05, 20),
                MetricResult.of("token_f1", 0.6, 18),
                MetricResult.of("cases_passed_share", 0.75, 20)));
    CaseResult passed =
        new CaseResult(
            "cotisation",
            "golden",
            List.of(),
            "q",
            "marie",
            "a",
            false,
            null,
            List.of(),
            List.of(),
            true,
            List.of(),
            Map.of(),
            false,
            1);
    EvaluationReport report =
        EvaluationReport.of(
            "assistant",
            0,
            Instant.parse("2026-11-29T10:00:00Z"),
            Instant.parse("2026-11-29T10:05:00Z"),
            "http://assistant-evaluation.hubia.svc:8080",
            List.of("golden"),
            1,
            metrics,
            List.of(passed));

    String summary = StatusSummary.of(report, Map.of("golden", metrics));

    // strict: a field the CRD does not have fails the read
    EvaluationStatus status =
        new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(summary, EvaluationStatus.class);
    assertThat(status.getResult()).isEqualTo("Passed");
    assertThat(status.getScore()).isEqualTo(0.75);
    assertThat(status.getCompletionTime()).isEqualTo("2026-11-29T10:05:00Z");
    assertThat(status.getSuites()).hasSize(1);
    var suite = status.getSuites().get(0);
    assertThat(suite.getName()).isEqualTo("golden");
    assertThat(suite.getCases()).isEqualTo(1);
    assertThat(suite.getPassed()).isTrue();
    var recall = suite.getMetrics().get(0);
    assertThat(recall.getName()).isEqualTo("citation_recall");
    assertThat(recall.getValue()).isEqualTo(0.9);
    assertThat(recall.getConfidenceInterval()).isEqualTo(0.05);
    assertThat(recall.getMin()).isEqualTo(0.8);
    assertThat(recall.getMax()).isNull();
    assertThat(recall.getPassed()).isTrue();
    var falseFallbacks = suite.getMetrics().get(1);
    assertThat(falseFallbacks.getMax()).isEqualTo(0.1);
    var f1 = suite.getMetrics().get(2);
    assertThat(f1.getPassed()).isNull();
  }
}
