package io.hubia.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hubia.eval.AttackKind;
import io.hubia.eval.OwaspCategory;
import io.hubia.eval.report.MetricResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Aggregation over cases and repeats, with hand-computed expectations. */
class RunMetricsTest {

  private static RunMetrics.Attempt attempt(
      String id,
      int repeat,
      boolean mustFallBack,
      boolean fellBack,
      boolean passed,
      Map<String, Double> metrics,
      long latencyMs) {
    return new RunMetrics.Attempt(
        id,
        repeat,
        mustFallBack,
        new CaseScorer.Score(true, fellBack, passed, passed ? List.of() : List.of("r"), metrics),
        Duration.ofMillis(latencyMs));
  }

  private static Map<String, MetricResult> byName(List<MetricResult> metrics) {
    return metrics.stream().collect(Collectors.toMap(MetricResult::name, Function.identity()));
  }

  @Test
  void aggregatesTwoRepeats() {
    // c1 must answer: token F1 1.0 then 0.5, fell back in repeat 1 (failed).
    // c2 must fall back and does, both times.
    List<RunMetrics.Attempt> attempts =
        List.of(
            attempt("c1", 0, false, false, true, Map.of("token_f1", 1.0), 10),
            attempt("c2", 0, true, true, true, Map.of(), 20),
            attempt("c1", 1, false, true, false, Map.of("token_f1", 0.5), 30),
            attempt("c2", 1, true, true, true, Map.of(), 40));

    Map<String, MetricResult> metrics = byName(RunMetrics.aggregate(attempts, 2));

    // Without security cases, every metric but the attack success rates.
    assertThat(RunMetrics.aggregate(attempts, 2).stream().map(MetricResult::name))
        .containsExactlyElementsOf(
            RunMetrics.NAMES.stream()
                .filter(n -> !n.startsWith("attack_success_rate"))
                .filter(n -> !n.equals(RunMetrics.COST_PER_ANSWER))
                .toList());
    // Per-repeat token F1 1.0 and 0.5: mean 0.75, s = sqrt(2 * 0.25²) = 0.353553,
    // interval 0.75 ± t(0.975, 1) * s / sqrt 2 = 0.75 ± 12.706 * 0.25 = 0.75 ± 3.1765.
    MetricResult f1 = metrics.get("token_f1");
    assertThat(f1.value()).isEqualTo(0.75);
    assertThat(f1.n()).isEqualTo(2);
    assertThat(f1.spread()).isCloseTo(0.353553, within(1e-6));
    assertThat(f1.ciLow()).isCloseTo(-2.4265, within(1e-4));
    assertThat(f1.ciHigh()).isCloseTo(3.9265, within(1e-4));
    // Fallbacks: TP 2 (c2 twice), FP 1 (c1 in repeat 1), TN 1, FN 0.
    assertThat(metrics.get("fallback_precision").value()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(metrics.get("fallback_precision").n()).isEqualTo(3);
    assertThat(metrics.get("fallback_recall").value()).isEqualTo(1.0);
    assertThat(metrics.get("false_fallback_rate").value()).isEqualTo(0.5);
    assertThat(metrics.get("false_fallback_rate").n()).isEqualTo(2);
    // Latencies 10, 20, 30, 40: nearest rank p50 = 2nd = 20, p95 = ceil(3.8) = 4th = 40.
    assertThat(metrics.get("latency_p50_ms").value()).isEqualTo(20.0);
    assertThat(metrics.get("latency_p95_ms").value()).isEqualTo(40.0);
    // 3 of 4 attempts passed; Wilson interval for 3/4.
    MetricResult passed = metrics.get("cases_passed_share");
    assertThat(passed.value()).isEqualTo(0.75);
    assertThat(passed.n()).isEqualTo(4);
    assertThat(passed.ciLow()).isCloseTo(0.3006, within(1e-4));
    assertThat(passed.ciHigh()).isCloseTo(0.9544, within(1e-4));
  }

  @Test
  void aMetricNoAttemptAppliesToIsNaNWithNoCount() {
    List<RunMetrics.Attempt> attempts = List.of(attempt("c1", 0, false, false, true, Map.of(), 5));

    Map<String, MetricResult> metrics = byName(RunMetrics.aggregate(attempts, 1));

    assertThat(metrics.get("mrr").value()).isNaN();
    assertThat(metrics.get("mrr").n()).isZero();
    assertThat(metrics.get("fallback_precision").value()).isNaN();
    assertThat(metrics.get("false_fallback_rate").value()).isZero();
    assertThat(metrics.get("mrr").spread()).isNull();
  }

  @Test
  void errorsCountOnlyAsFailedAttempts() {
    List<RunMetrics.Attempt> attempts =
        List.of(
            attempt("c1", 0, false, false, true, Map.of("token_f1", 1.0), 5),
            new RunMetrics.Attempt(
                "c2", 0, false, CaseScorer.failed("runtime answered 500"), null));

    Map<String, MetricResult> metrics = byName(RunMetrics.aggregate(attempts, 1));

    assertThat(metrics.get("token_f1").value()).isEqualTo(1.0);
    assertThat(metrics.get("false_fallback_rate").n()).isEqualTo(1);
    assertThat(metrics.get("latency_p50_ms").n()).isEqualTo(1);
    assertThat(metrics.get("cases_passed_share").value()).isEqualTo(0.5);
  }

  @Test
  void percentileIsNearestRank() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(RunMetrics.percentile(sorted, 50)).isEqualTo(5);
    assertThat(RunMetrics.percentile(sorted, 95)).isEqualTo(10);
    assertThat(RunMetrics.percentile(new double[] {7}, 95)).isEqualTo(7);
    assertThat(RunMetrics.percentile(new double[0], 50)).isNaN();
  }

  private static RunMetrics.Attempt attack(
      String id,
      int repeat,
      AttackKind kind,
      OwaspCategory category,
      boolean mustFallBack,
      boolean fellBack,
      boolean succeeded) {
    return new RunMetrics.Attempt(
        id,
        repeat,
        mustFallBack,
        new CaseScorer.Score(
            true,
            fellBack,
            !succeeded,
            succeeded ? List.of("r") : List.of(),
            Map.of(CaseScorer.ATTACK_SUCCEEDED, succeeded ? 1.0 : 0.0)),
        Duration.ofMillis(1),
        kind,
        category);
  }

  @Test
  void attackSuccessRatesOverallPerKindAndPerCategory() {
    // Repeat 0: i1 succeeds, i2 not, x1 (exfiltration, reported under LLM02 by the case) not,
    // p1 (permission probe, must fall back, answered) not.
    // Repeat 1: i1 not, i2 not, x1 succeeds, p1 falls back.
    List<RunMetrics.Attempt> attempts =
        List.of(
            attack("i1", 0, AttackKind.DIRECT_INJECTION, null, false, false, true),
            attack("i2", 0, AttackKind.DIRECT_INJECTION, null, false, true, false),
            attack("x1", 0, AttackKind.EXFILTRATION_LINK, OwaspCategory.LLM02, false, false, false),
            attack("p1", 0, AttackKind.CROSS_PERMISSION, null, true, false, false),
            attack("i1", 1, AttackKind.DIRECT_INJECTION, null, false, true, false),
            attack("i2", 1, AttackKind.DIRECT_INJECTION, null, false, false, false),
            attack("x1", 1, AttackKind.EXFILTRATION_LINK, OwaspCategory.LLM02, false, false, true),
            attack("p1", 1, AttackKind.CROSS_PERMISSION, null, true, true, false));

    Map<String, MetricResult> metrics = byName(RunMetrics.aggregate(attempts, 2));

    // Overall 2 of 8; per repeat 1/4 and 1/4, so no spread. Wilson for 2 of 8: [0.0715, 0.5907].
    MetricResult overall = metrics.get("attack_success_rate");
    assertThat(overall.value()).isEqualTo(0.25);
    assertThat(overall.n()).isEqualTo(8);
    assertThat(overall.spread()).isZero();
    assertThat(overall.ciLow()).isCloseTo(0.0715, within(1e-4));
    assertThat(overall.ciHigh()).isCloseTo(0.5907, within(1e-4));
    // Per kind: direct injection 1 of 4, exfiltration 1 of 2 (1/1 then 0/1... spread of 0 and 1),
    // permission 0 of 2; prompt extraction was not attacked, so it is absent.
    assertThat(metrics.get("attack_success_rate_direct_injection").value()).isEqualTo(0.25);
    assertThat(metrics.get("attack_success_rate_exfiltration_link").value()).isEqualTo(0.5);
    assertThat(metrics.get("attack_success_rate_exfiltration_link").spread())
        .isCloseTo(Math.sqrt(0.5), within(1e-9));
    assertThat(metrics.get("attack_success_rate_cross_permission").value()).isZero();
    assertThat(metrics).doesNotContainKeys("attack_success_rate_prompt_extraction");
    // Per category: LLM01 (injection), LLM02 (permission and the re-filed exfiltration) 1 of 4.
    assertThat(metrics.get("attack_success_rate_llm01").value()).isEqualTo(0.25);
    assertThat(metrics.get("attack_success_rate_llm02").value()).isEqualTo(0.25);
    assertThat(metrics.get("attack_success_rate_llm02").n()).isEqualTo(4);
    assertThat(metrics)
        .doesNotContainKeys("attack_success_rate_llm05", "attack_success_rate_llm07");
    // Fallback metrics judge only the attacks that must fall back: p1, 1 of 2 fallbacks.
    assertThat(metrics.get("fallback_recall").value()).isEqualTo(0.5);
    assertThat(metrics.get("fallback_recall").n()).isEqualTo(2);
    assertThat(metrics.get("false_fallback_rate").value()).isNaN();
    assertThat(metrics.get("cases_passed_share").value()).isEqualTo(0.75);
    assertThat(RunMetrics.NAMES).containsAll(metrics.keySet());
  }

  private static RunMetrics.Attempt used(String id, int repeat, Reply.Usage usage) {
    return new RunMetrics.Attempt(
        id,
        repeat,
        false,
        new CaseScorer.Score(true, false, true, List.of(), Map.of()),
        Duration.ofMillis(10),
        null,
        null,
        usage);
  }

  @Test
  void tokensAndCostPerAnswerAreMeansOverTheRepliesThatCalledAModel() {
    // c2 is answered by the extractive answerer (no usage): left out of every token metric.
    List<RunMetrics.Attempt> attempts =
        List.of(
            used("c1", 0, new Reply.Usage(1000, 100, 2)),
            used("c2", 0, null),
            used("c3", 0, new Reply.Usage(600, 50, 1)),
            used("c1", 1, new Reply.Usage(1200, 140, 2)),
            used("c2", 1, null));

    Map<String, MetricResult> metrics =
        byName(RunMetrics.aggregate(attempts, 2, new RunMetrics.TokenPrices(0.002, 0.006)));

    // totals 1100, 650, 1340: mean 3090 / 3 = 1030 over n = 3
    MetricResult tokens = metrics.get("tokens_per_answer");
    assertThat(tokens.value()).isEqualTo(1030.0);
    assertThat(tokens.n()).isEqualTo(3);
    // per-repeat means 875 and 1340: s = 465 / sqrt 2 = 328.8047
    assertThat(tokens.spread()).isCloseTo(328.8047, within(1e-4));
    assertThat(tokens.threshold()).isNull();
    // inputs 1000, 600, 1200: 2800 / 3; outputs 100, 50, 140: 290 / 3
    assertThat(metrics.get("input_tokens_per_answer").value()).isCloseTo(933.3333, within(1e-4));
    assertThat(metrics.get("output_tokens_per_answer").value()).isCloseTo(96.6667, within(1e-4));
    assertThat(metrics.get("output_tokens_per_answer").n()).isEqualTo(3);
    // costs 1.0 * 0.002 + 0.1 * 0.006 = 0.0026, 0.0012 + 0.0003 = 0.0015,
    // 0.0024 + 0.00084 = 0.00324: mean 0.00734 / 3
    MetricResult cost = metrics.get("cost_per_answer");
    assertThat(cost.value()).isCloseTo(0.0024466667, within(1e-9));
    assertThat(cost.n()).isEqualTo(3);
    assertThat(RunMetrics.UNBOUNDED)
        .contains(
            "tokens_per_answer",
            "input_tokens_per_answer",
            "output_tokens_per_answer",
            "cost_per_answer");
  }

  @Test
  void withoutAModelTheTokenMetricsAreNotApplicableAndWithoutPricesNoCostIsReported() {
    List<RunMetrics.Attempt> attempts = List.of(used("c1", 0, null), used("c2", 0, null));

    Map<String, MetricResult> metrics = byName(RunMetrics.aggregate(attempts, 1));

    for (String name :
        List.of("tokens_per_answer", "input_tokens_per_answer", "output_tokens_per_answer")) {
      assertThat(metrics.get(name).value()).as(name).isNaN();
      assertThat(metrics.get(name).n()).as(name).isZero();
    }
    assertThat(metrics).doesNotContainKey("cost_per_answer");
    Map<String, MetricResult> priced =
        byName(RunMetrics.aggregate(attempts, 1, new RunMetrics.TokenPrices(1, 1)));
    assertThat(priced.get("cost_per_answer").value()).isNaN();
    assertThat(priced.get("cost_per_answer").n()).isZero();
  }

  @Test
  void tokenPricesMustBeFiniteAndNotNegative() {
    assertThat(new RunMetrics.TokenPrices(0.5, 2).cost(new Reply.Usage(2000, 500, 1)))
        .isEqualTo(2.0);
    for (double[] bad :
        new double[][] {{-0.1, 1}, {1, Double.NaN}, {Double.POSITIVE_INFINITY, 1}}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new RunMetrics.TokenPrices(bad[0], bad[1]))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
