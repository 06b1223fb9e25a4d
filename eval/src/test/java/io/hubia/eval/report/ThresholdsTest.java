package io.hubia.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.eval.report.Threshold.Direction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  @Test
  void readsOperatorsAndPlainNumbers() {
    Thresholds thresholds =
        Thresholds.parse(
            """
            {"citation_recall": ">= 0.8", "false_fallback_rate": "<=0.1",
             "faithfulness": 0.9, "mrr": "0.5", "leak_rate": "≤ 0"}
            """);

    assertThat(thresholds.of("citation_recall")).contains(Threshold.atLeast(0.8));
    assertThat(thresholds.of("false_fallback_rate")).contains(Threshold.atMost(0.1));
    assertThat(thresholds.of("faithfulness")).contains(Threshold.atLeast(0.9));
    assertThat(thresholds.of("mrr")).contains(Threshold.atLeast(0.5));
    assertThat(thresholds.of("leak_rate")).contains(new Threshold(0, Direction.AT_MOST));
    assertThat(thresholds.of("token_f1")).isEmpty();
    assertThat(thresholds.asMap().keySet())
        .containsExactly(
            "citation_recall", "false_fallback_rate", "faithfulness", "mrr", "leak_rate");
  }

  @Test
  void readsYaml() {
    Thresholds thresholds = Thresholds.parse("citation_recall: '>= 0.75'\nmrr: 0.6\n");

    assertThat(thresholds.of("citation_recall")).contains(Threshold.atLeast(0.75));
    assertThat(thresholds.of("mrr")).contains(Threshold.atLeast(0.6));
  }

  @Test
  void emptyTextMeansNoThresholds() {
    assertThat(Thresholds.parse("  ").asMap()).isEmpty();
  }

  @Test
  void rejectsAnUnknownOperator() {
    assertThatThrownBy(() -> Thresholds.parse(Map.of("citation_recall", "> 0.8")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric 'citation_recall'")
        .hasMessageContaining("unknown operator '>'")
        .hasMessageContaining("use >= or <=");
  }

  @Test
  void rejectsOutOfRangeBounds() {
    assertThatThrownBy(() -> Thresholds.parse(Map.of("mrr", 1.5)))
        .hasMessageContaining("metric 'mrr'")
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Thresholds.parse(Map.of("mrr", "<= -0.1")))
        .hasMessageContaining("out of range");
  }

  @Test
  void rejectsUnreadableValues() {
    assertThatThrownBy(() -> Thresholds.parse(Map.of("mrr", "at least 0.8")))
        .hasMessageContaining("cannot read threshold 'at least 0.8'");
    assertThatThrownBy(() -> Thresholds.parse(Map.of("mrr", true)))
        .hasMessageContaining("must be a number or a text");
    Map<String, Object> empty = new LinkedHashMap<>();
    empty.put("mrr", null);
    assertThatThrownBy(() -> Thresholds.parse(empty)).hasMessageContaining("threshold is empty");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("a", "== 0.5");
    raw.put("b", 2);
    raw.put("c", ">= 0.5");
    assertThatThrownBy(() -> Thresholds.parse(raw))
        .hasMessageContaining("metric 'a'")
        .hasMessageContaining("metric 'b'")
        .hasMessageNotContaining("metric 'c'");
  }

  @Test
  void rejectsTextThatIsNotAMap() {
    assertThatThrownBy(() -> Thresholds.parse("- 0.8\n- 0.9\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be a map");
  }

  @Test
  void evaluatesMetricsAgainstTheirThresholds() {
    Thresholds thresholds =
        Thresholds.parse(Map.of("recall", ">= 0.8", "false_fallback_rate", "<= 0.1"));

    assertThat(thresholds.evaluate(MetricResult.of("recall", 0.8, 10)).passed()).isTrue();
    assertThat(thresholds.evaluate(MetricResult.of("recall", 0.79, 10)).passed()).isFalse();
    assertThat(thresholds.evaluate(MetricResult.of("false_fallback_rate", 0.1, 10)).passed())
        .isTrue();
    MetricResult tooMany = thresholds.evaluate(MetricResult.of("false_fallback_rate", 0.2, 10));
    assertThat(tooMany.passed()).isFalse();
    assertThat(tooMany.status()).isEqualTo("fail");
    assertThat(tooMany.threshold()).isEqualTo(Threshold.atMost(0.1));
    assertThat(thresholds.evaluate(MetricResult.of("recall", Double.NaN, 0)).passed()).isFalse();
  }

  @Test
  void aMetricWithoutThresholdPassesAndSaysSo() {
    MetricResult metric = Thresholds.none().evaluate(MetricResult.of("token_f1", 0.1, 3));

    assertThat(metric.passed()).isTrue();
    assertThat(metric.hasThreshold()).isFalse();
    assertThat(metric.status()).isEqualTo(MetricResult.NO_THRESHOLD);
  }
}
