package io.hubia.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hubia.eval.Repeats.Interval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepeatsTest {
  private static final double EPS = 1e-4;

  @Test
  void meanAndSampleStandardDeviation() {
    double[] values = {1, 2, 3, 4};
    // mean = 10 / 4 = 2.5
    assertThat(Repeats.mean(values)).isEqualTo(2.5);
    // squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; s = sqrt(5 / 3) = 1.29099
    assertThat(Repeats.sampleStandardDeviation(values)).isCloseTo(1.29099, within(EPS));
    // identical runs: s = 0
    assertThat(Repeats.sampleStandardDeviation(new double[] {0.75, 0.75, 0.75})).isZero();
  }

  @Test
  void meanIntervalUsesStudentT() {
    // n = 4, df = 3, t = 3.182; s / sqrt(4) = 1.29099 / 2 = 0.645497
    // half-width = 3.182 * 0.645497 = 2.05397; [2.5 - 2.05397, 2.5 + 2.05397]
    Interval interval = Repeats.meanInterval(new double[] {1, 2, 3, 4});
    assertThat(interval.estimate()).isEqualTo(2.5);
    assertThat(interval.halfWidth()).isCloseTo(2.05397, within(EPS));
    assertThat(interval.lower()).isCloseTo(0.44603, within(EPS));
    assertThat(interval.upper()).isCloseTo(4.55397, within(EPS));
    assertThat(interval.contains(0.5)).isTrue();
    assertThat(interval.contains(4.6)).isFalse();
  }

  @Test
  void meanIntervalOfTwoRuns() {
    // 0.6, 0.8: mean 0.7; s = sqrt((0.01 + 0.01) / 1) = 0.141421; df = 1, t = 12.706
    // half-width = 12.706 * 0.141421 / sqrt(2) = 12.706 * 0.1 = 1.2706
    Interval interval = Repeats.meanInterval(new double[] {0.6, 0.8});
    assertThat(interval.estimate()).isCloseTo(0.7, within(EPS));
    assertThat(interval.halfWidth()).isCloseTo(1.2706, within(EPS));
  }

  @Test
  void tQuantileFromTheTableThenNormal() {
    assertThat(Repeats.tQuantile975(1)).isEqualTo(12.706);
    assertThat(Repeats.tQuantile975(3)).isEqualTo(3.182);
    assertThat(Repeats.tQuantile975(10)).isEqualTo(2.228);
    assertThat(Repeats.tQuantile975(30)).isEqualTo(2.042);
    assertThat(Repeats.tQuantile975(31)).isEqualTo(1.96);
    assertThat(Repeats.tQuantile975(1000)).isEqualTo(1.96);
    assertThatThrownBy(() -> Repeats.tQuantile975(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void meanIntervalOfThirtyTwoRunsUsesTheNormalQuantile() {
    // 16 zeros and 16 ones: mean 0.5; squared deviations 32 * 0.25 = 8; s = sqrt(8 / 31)
    // = 0.508001; df = 31 -> 1.96; half-width = 1.96 * 0.508001 / sqrt(32) = 0.176008
    double[] values = new double[32];
    for (int i = 16; i < 32; i++) {
      values[i] = 1;
    }
    assertThat(Repeats.meanInterval(values).halfWidth()).isCloseTo(0.176008, within(EPS));
  }

  @Test
  void tooFewValuesAreRefused() {
    assertThatThrownBy(() -> Repeats.mean(new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Repeats.sampleStandardDeviation(new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Repeats.meanInterval(new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Repeats.mean(new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wilsonInterval() {
    // 8 / 10: p = 0.8, z² = 3.8416, z²/n = 0.38416, denominator 1.38416
    // centre = (0.8 + 0.19208) / 1.38416 = 0.716738
    // half = 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 1.96 * 0.160012 / 1.38416 = 0.226581
    // [0.490157, 0.943319]
    Interval interval = Repeats.wilson(8, 10);
    assertThat(interval.estimate()).isEqualTo(0.8);
    assertThat(interval.lower()).isCloseTo(0.490157, within(EPS));
    assertThat(interval.upper()).isCloseTo(0.943319, within(EPS));
  }

  @Test
  void wilsonIntervalAtTheEdges() {
    // 0 / 10: centre = 0.19208 / 1.38416 = 0.138770, half = 1.96 * sqrt(0.009604) / 1.38416
    // = 1.96 * 0.098 / 1.38416 = 0.138770, so [0, 0.277540]: not empty, unlike p ± z·sqrt(pq/n)
    Interval none = Repeats.wilson(0, 10);
    assertThat(none.lower()).isZero();
    assertThat(none.upper()).isCloseTo(0.277540, within(EPS));
    // 10 / 10 mirrors it: [1 - 0.277540, 1]
    Interval all = Repeats.wilson(10, 10);
    assertThat(all.lower()).isCloseTo(0.722460, within(EPS));
    assertThat(all.upper()).isEqualTo(1.0);
    assertThatThrownBy(() -> Repeats.wilson(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Repeats.wilson(3, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Repeats.wilson(-1, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flakyCasesChangeOutcomeAcrossRepeats() {
    Map<String, List<Boolean>> outcomes = new LinkedHashMap<>();
    outcomes.put("q3", List.of(true, false, true)); // passes twice, fails once: flaky
    outcomes.put("q1", List.of(true, true, true)); // always passes
    outcomes.put("q2", List.of(false, false, false)); // always fails: broken, not flaky
    outcomes.put("q4", List.of(false)); // one run cannot disagree with itself
    outcomes.put("q0", List.of(false, true)); // flaky
    outcomes.put("q5", List.of()); // never run
    assertThat(Repeats.flakyCases(outcomes)).containsExactly("q0", "q3");
    assertThat(Repeats.isFlaky(List.of(true, false))).isTrue();
    assertThat(Repeats.isFlaky(List.of(true, true))).isFalse();
  }
}
