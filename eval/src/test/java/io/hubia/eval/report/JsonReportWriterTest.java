package io.hubia.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportWriterTest {
  private final JsonReportWriter writer = new JsonReportWriter();

  @Test
  void roundTrips() throws Exception {
    EvaluationReport report = Reports.sample();

    EvaluationReport back = JsonReportWriter.read(writer.render(report));

    assertThat(back).isEqualTo(report);
  }

  @Test
  void rangesRoundTripAndOneSidedThresholdsHaveNoUpperBound() throws Exception {
    EvaluationReport sample = Reports.sample();
    List<MetricResult> metrics = new ArrayList<>(sample.metrics());
    metrics.add(
        MetricResult.of("injection.attack_success_rate", 0.0, 33)
            .against(Threshold.between(0.0, 0.05)));
    EvaluationReport report =
        EvaluationReport.of(
            sample.workflow(),
            sample.generation(),
            sample.startedAt(),
            sample.finishedAt(),
            sample.runtimeUrl(),
            sample.suites(),
            sample.repeats(),
            metrics,
            sample.cases());

    String json = writer.render(report);

    assertThat(JsonReportWriter.read(json)).isEqualTo(report);
    JsonNode written = new ObjectMapper().readTree(json).get("metrics");
    assertThat(fields(written.get(0).get("threshold"))).containsExactly("value", "direction");
    JsonNode range = written.get(3).get("threshold");
    assertThat(range.get("direction").asText()).isEqualTo("BETWEEN");
    assertThat(range.get("upper").asDouble()).isEqualTo(0.05);
  }

  @Test
  void writesIsoTimesAndStableFieldOrder() throws Exception {
    JsonNode json = new ObjectMapper().readTree(writer.render(Reports.sample()));

    assertThat(json.get("startedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(json.get("finishedAt").asText()).isEqualTo("2026-03-01T10:04:30.250Z");
    assertThat(fields(json))
        .containsExactly(
            "workflow",
            "generation",
            "startedAt",
            "finishedAt",
            "runtimeUrl",
            "suites",
            "repeats",
            "judge",
            "shadows",
            "passed",
            "metrics",
            "cases");
    assertThat(fields(json.get("metrics").get(0)))
        .containsExactly(
            "name", "value", "spread", "ciLow", "ciHigh", "threshold", "passed", "status", "n");
    assertThat(fields(json.get("cases").get(0)))
        .startsWith("id", "suite", "tags", "question", "callerSubject", "answer")
        .endsWith("metrics", "sentences", "flaky", "attempts");
    assertThat(fields(json.get("judge")))
        .containsExactly(
            "judge",
            "checkItems",
            "checkAccuracy",
            "checkKappa",
            "minKappa",
            "verdicts",
            "noVerdicts");
    assertThat(fields(json.get("cases").get(0).get("sentences").get(0)))
        .containsExactly("text", "statesFact", "citedDocuments", "supportingDocuments");
    assertThat(json.get("cases").get(0).get("sentences").get(1).get("supportingDocuments"))
        .isEmpty();
    // Map entries sorted by key, whatever order the run produced them in.
    assertThat(fields(json.get("cases").get(0).get("metrics")))
        .containsExactly("citation_recall", "token_f1");
  }

  @Test
  void marksMetricsWithoutThreshold() throws Exception {
    JsonNode metrics = new ObjectMapper().readTree(writer.render(Reports.sample())).get("metrics");

    assertThat(metrics.get(0).get("status").asText()).isEqualTo("fail");
    assertThat(metrics.get(0).get("threshold").get("direction").asText()).isEqualTo("AT_LEAST");
    assertThat(metrics.get(1).get("status").asText()).isEqualTo("pass");
    assertThat(metrics.get(2).get("status").asText()).isEqualTo("no threshold");
    assertThat(metrics.get(2).get("threshold").isNull()).isTrue();
  }

  @Test
  void writesAndReadsBackTheShadowsAndTheCasesNotRun() throws Exception {
    EvaluationReport report = Reports.withShadows();

    String json = writer.render(report);

    EvaluationReport back = JsonReportWriter.read(json);
    assertThat(back).isEqualTo(report);
    assertThat(back.cases().get(2).notRun()).isTrue();
    assertThat(back.shadowCasesNotRun()).isTrue();
    JsonNode shadows = new ObjectMapper().readTree(json).get("shadows");
    assertThat(shadows).hasSize(2);
    assertThat(fields(shadows.get(0)))
        .containsExactly(
            "suite",
            "status",
            "shadow",
            "expiresAt",
            "plantedDocuments",
            "indexes",
            "deleted",
            "note");
    assertThat(fields(shadows.get(0).get("indexes").get(0)))
        .containsExactly(
            "index",
            "shadowIndex",
            "copiedChunks",
            "plantedDocuments",
            "plantedChunks",
            "flaggedChunks");
    assertThat(shadows.get(0).get("indexes").get(0).get("flaggedChunks").asLong()).isEqualTo(1);
    assertThat(shadows.get(1).get("status").asText()).isEqualTo("not_enabled");
    assertThat(shadows.get(1).get("note").asText()).contains("not enabled");
    JsonNode notRun = new ObjectMapper().readTree(json).get("cases").get(2);
    assertThat(notRun.get("attempts").asInt()).isZero();
    assertThat(notRun.get("failureReasons").get(0).asText()).startsWith("not run: ");
    assertThat(notRun.has("notRun")).as("derived, not written").isFalse();
  }

  @Test
  void aReportWithoutShadowsReadsBackWithNone() throws Exception {
    String json = writer.render(Reports.sample()).replace("\"shadows\" : [ ],", "");

    assertThat(json).doesNotContain("shadows");
    assertThat(JsonReportWriter.read(json).shadows()).isEmpty();
  }

  @Test
  void isTheSameTextForTheSameReport() {
    assertThat(writer.render(Reports.sample())).isEqualTo(writer.render(Reports.sample()));
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
