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
            "passed",
            "metrics",
            "cases");
    assertThat(fields(json.get("metrics").get(0)))
        .containsExactly(
            "name", "value", "spread", "ciLow", "ciHigh", "threshold", "passed", "status", "n");
    assertThat(fields(json.get("cases").get(0)))
        .startsWith("id", "suite", "tags", "question", "callerSubject", "answer")
        .endsWith("flaky", "attempts");
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
