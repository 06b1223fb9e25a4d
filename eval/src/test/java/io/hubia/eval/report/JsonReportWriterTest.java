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
  void isTheSameTextForTheSameReport() {
    assertThat(writer.render(Reports.sample())).isEqualTo(writer.render(Reports.sample()));
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
