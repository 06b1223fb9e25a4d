package io.hubia.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hubia.eval.FallbackMetrics.FallbackOutcome;
import io.hubia.eval.FallbackMetrics.FallbackScores;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FallbackMetricsTest {
  private static final double EPS = 1e-9;

  @Test
  void countsTheConfusionMatrixAndItsRates() {
    // must fall back: q1, q2, q3 (fell back on q1, q2; answered q3)
    // must answer:    q4, q5, q6, q7, q8 (fell back on q4; answered the other four)
    List<FallbackOutcome> outcomes =
        List.of(
            new FallbackOutcome("q1", true, true),
            new FallbackOutcome("q2", true, true),
            new FallbackOutcome("q3", true, false),
            new FallbackOutcome("q4", false, true),
            new FallbackOutcome("q5", false, false),
            new FallbackOutcome("q6", false, false),
            new FallbackOutcome("q7", false, false),
            new FallbackOutcome("q8", false, false));
    FallbackScores scores = FallbackMetrics.score(outcomes);
    // correct fallbacks 2, false fallbacks 1, missed 1, correct answers 4
    assertThat(scores).isEqualTo(new FallbackScores(2, 1, 1, 4));
    assertThat(scores.cases()).isEqualTo(8);
    // precision = 2 / (2 + 1) = 2/3
    assertThat(scores.precision().getAsDouble()).isCloseTo(2.0 / 3.0, within(EPS));
    // recall = 2 / (2 + 1) = 2/3
    assertThat(scores.recall().getAsDouble()).isCloseTo(2.0 / 3.0, within(EPS));
    // false-fallback rate = 1 / (1 + 4) = 0.2
    assertThat(scores.falseFallbackRate().getAsDouble()).isCloseTo(0.2, within(EPS));
  }

  @Test
  void neverFallingBackLeavesPrecisionUndefined() {
    // 2 must fall back, both answered; 1 must answer, answered: (0, 0, 2, 1)
    FallbackScores scores =
        FallbackMetrics.score(
            List.of(
                new FallbackOutcome("q1", true, false),
                new FallbackOutcome("q2", true, false),
                new FallbackOutcome("q3", false, false)));
    assertThat(scores).isEqualTo(new FallbackScores(0, 0, 2, 1));
    assertThat(scores.precision()).isEmpty(); // 0 / 0
    assertThat(scores.recall()).isEqualTo(OptionalDouble.of(0.0)); // 0 / 2
    assertThat(scores.falseFallbackRate()).isEqualTo(OptionalDouble.of(0.0)); // 0 / 1
  }

  @Test
  void aSetWithoutFallbackCasesLeavesRecallUndefined() {
    // no case must fall back; one fell back anyway: (0, 1, 0, 1)
    FallbackScores scores =
        FallbackMetrics.score(
            List.of(
                new FallbackOutcome("q1", false, true), new FallbackOutcome("q2", false, false)));
    assertThat(scores.precision()).isEqualTo(OptionalDouble.of(0.0)); // 0 / 1
    assertThat(scores.recall()).isEmpty(); // 0 / 0
    assertThat(scores.falseFallbackRate()).isEqualTo(OptionalDouble.of(0.5)); // 1 / 2
  }

  @Test
  void aSetOfOnlyFallbackCasesLeavesTheFalseFallbackRateUndefined() {
    // (1, 0, 0, 0): precision 1/1, recall 1/1, false-fallback rate 0/0
    FallbackScores scores = FallbackMetrics.score(List.of(new FallbackOutcome("q1", true, true)));
    assertThat(scores.precision()).isEqualTo(OptionalDouble.of(1.0));
    assertThat(scores.recall()).isEqualTo(OptionalDouble.of(1.0));
    assertThat(scores.falseFallbackRate()).isEmpty();
  }

  @Test
  void noOutcomesLeaveEveryRateUndefined() {
    FallbackScores scores = FallbackMetrics.score(List.of());
    assertThat(scores.cases()).isZero();
    assertThat(scores.precision()).isEmpty();
    assertThat(scores.recall()).isEmpty();
    assertThat(scores.falseFallbackRate()).isEmpty();
  }
}
