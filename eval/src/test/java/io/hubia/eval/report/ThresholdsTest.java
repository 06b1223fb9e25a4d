package io.hubia.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.eval.report.Threshold.Direction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

  @Test
  void anUnprefixedThresholdHoldsWhereTheSuiteMeasuredTheMetricOrWhereNoSuiteDid() {
    Thresholds thresholds =
        Thresholds.parse("citation_recall: \">= 0.8\"\ninjection.attack_success_rate: \"<= 0\"\n");
    MetricResult unmeasured = MetricResult.of("citation_recall", Double.NaN, 0);

    MetricResult elsewhere = thresholds.evaluate(unmeasured, List.of("injection"), true);
    assertThat(elsewhere.hasThreshold()).as("measured by the golden suite only").isFalse();
    assertThat(elsewhere.passed()).isTrue();

    MetricResult nowhere = thresholds.evaluate(unmeasured, List.of("injection"), false);
    assertThat(nowhere.hasThreshold()).isTrue();
    assertThat(nowhere.passed()).as("a threshold no suite measures fails").isFalse();

    MetricResult prefixed =
        thresholds.evaluate(
            MetricResult.of("attack_success_rate", Double.NaN, 0), List.of("injection"), true);
    assertThat(prefixed.passed()).as("a threshold written for the suite always holds").isFalse();

    MetricResult measured =
        thresholds.evaluate(MetricResult.of("citation_recall", 0.7, 10), List.of("golden"), true);
    assertThat(measured.passed()).isFalse();
  }

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

  @Test
  void readsRangesWithEitherOrBothBounds() {
    Thresholds thresholds =
        Thresholds.parse(
            """
            key_fact_coverage: {min: 0.7, max: 0.95}
            fallback_recall: {min: 0.8}
            attack_success_rate: {max: 0}
            mrr: {min: "0.5"}
            """);

    Threshold range = thresholds.of("key_fact_coverage").orElseThrow();
    assertThat(range).isEqualTo(Threshold.between(0.7, 0.95));
    assertThat(range.isMetBy(0.7)).isTrue();
    assertThat(range.isMetBy(0.95)).isTrue();
    assertThat(range.isMetBy(0.96)).isFalse();
    assertThat(range.isMetBy(0.69)).isFalse();
    assertThat(range.isMetBy(Double.NaN)).isFalse();
    assertThat(range).hasToString(">= 0.7 and <= 0.95");
    assertThat(thresholds.of("fallback_recall")).contains(Threshold.atLeast(0.8));
    assertThat(thresholds.of("attack_success_rate")).contains(Threshold.atMost(0.0));
    assertThat(thresholds.of("mrr")).contains(Threshold.atLeast(0.5));
  }

  @Test
  void rejectsBadRangesNamingTheEntry() {
    assertThatThrownBy(
            () ->
                Thresholds.parse(
                    """
                    mrr: {min: 0.9, max: 0.8}
                    ndcg_at_10: {}
                    token_f1: {min: 0.5, maximum: 1}
                    exact_match: {max: 1.5}
                    recall_at_5: {min: high}
                    """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric 'mrr': min 0.9 is above max 0.8")
        .hasMessageContaining("metric 'ndcg_at_10': a range needs 'min', 'max' or both")
        .hasMessageContaining("metric 'token_f1': unknown key 'maximum'")
        .hasMessageContaining("metric 'exact_match': threshold 1.5 is out of range")
        .hasMessageContaining("metric 'recall_at_5': 'min' must be a number, not 'high'");
  }

  @Test
  void aSuitePrefixAppliesToThatSuiteOnlyAndWinsOverTheUnprefixedThreshold() {
    Thresholds thresholds =
        Thresholds.parse(
            """
            citation_recall: ">= 0.8"
            golden.citation_recall: ">= 0.9"
            injection.attack_success_rate: "<= 0"
            my.suite.v2.mrr: 0.5
            """);

    assertThat(thresholds.of("citation_recall", List.of("assistant-site", "golden")))
        .contains(Threshold.atLeast(0.9));
    assertThat(thresholds.of("citation_recall", List.of("redteam")))
        .contains(Threshold.atLeast(0.8));
    assertThat(thresholds.of("attack_success_rate", List.of("injection")))
        .contains(Threshold.atMost(0.0));
    assertThat(thresholds.of("attack_success_rate", List.of("redteam"))).isEmpty();
    assertThat(thresholds.of("mrr", List.of("my.suite.v2"))).contains(Threshold.atLeast(0.5));
    assertThat(thresholds.prefixedFor(List.of("injection"))).containsExactly("attack_success_rate");
    assertThat(thresholds.prefixedFor(List.of("redteam"))).isEmpty();
    assertThat(Thresholds.metricOf("my.suite.v2.mrr")).isEqualTo("mrr");
    assertThat(Thresholds.suiteOf("my.suite.v2.mrr")).contains("my.suite.v2");
    assertThat(Thresholds.suiteOf("mrr")).isEmpty();

    MetricResult missed = MetricResult.of("attack_success_rate", 0.1, 30);
    assertThat(thresholds.evaluate(missed, List.of("injection")).status()).isEqualTo("fail");
    assertThat(thresholds.evaluate(missed, List.of("redteam")).status()).isEqualTo("no threshold");
  }

  @Test
  void rejectsKeysThatAreNotAMetricOrASuiteAndAMetric() {
    assertThatThrownBy(() -> Thresholds.parse(Map.of("injection.", "<= 0")))
        .hasMessageContaining("metric 'injection.': write a metric name");
    assertThatThrownBy(() -> Thresholds.parse(Map.of(".mrr", "0.5")))
        .hasMessageContaining("metric '.mrr'");
    assertThatThrownBy(() -> Thresholds.parse(Map.of("red team.mrr", "0.5")))
        .hasMessageContaining("metric 'red team.mrr'");
  }
}
