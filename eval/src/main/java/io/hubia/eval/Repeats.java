package io.hubia.eval;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Statistics over repeated runs of the same evaluation, since a model's answers vary from run to
 * run: mean, sample standard deviation, 95% confidence intervals for a mean (Student t) and for a
 * proportion (Wilson score), and flaky cases.
 *
 * <p>Too little data is a caller error, not an undefined score: a spread or an interval needs at
 * least two runs, a proportion at least one trial, and asking with fewer throws {@link
 * IllegalArgumentException}.
 */
public final class Repeats {
  /** The normal quantile {@code z(0.975)}, used beyond the t table and by Wilson's interval. */
  static final double Z_975 = 1.96;

  /**
   * Two-sided 95% Student t quantiles {@code t(0.975, df)} for {@code df = 1..30} (index {@code df
   * - 1}), to three decimals as printed in the usual tables.
   */
  private static final double[] T_975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  private Repeats() {}

  /**
   * A two-sided 95% confidence interval around an estimate.
   *
   * @param estimate the point estimate (the mean, or Wilson's centre for a proportion)
   * @param lower the lower bound
   * @param upper the upper bound
   */
  public record Interval(double estimate, double lower, double upper) {

    /** Half the interval's width. */
    public double halfWidth() {
      return (upper - lower) / 2;
    }

    /** Whether {@code value} lies in the interval, bounds included. */
    public boolean contains(double value) {
      return lower <= value && value <= upper;
    }
  }

  /**
   * The arithmetic mean {@code x̄ = Σ x_i / n}.
   *
   * @throws IllegalArgumentException when there is no value, or a value is not finite
   */
  public static double mean(double[] values) {
    requireAtLeast(values, 1);
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  /**
   * The sample standard deviation, with Bessel's correction: {@code s = sqrt(Σ (x_i − x̄)² / (n −
   * 1))}.
   *
   * @throws IllegalArgumentException when there are fewer than two values
   */
  public static double sampleStandardDeviation(double[] values) {
    requireAtLeast(values, 2);
    double mean = mean(values);
    double squares = 0;
    for (double value : values) {
      squares += (value - mean) * (value - mean);
    }
    return Math.sqrt(squares / (values.length - 1));
  }

  /**
   * The two-sided 95% Student t quantile {@code t(0.975, df)}: from a table for {@code df = 1..30},
   * {@code 1.96} (the normal quantile) beyond. The step at 31 makes intervals slightly too narrow
   * there (by 4% at df 31, 2% at df 60, 1% at df 120), which is accepted for runs repeated more
   * than 31 times.
   */
  public static double tQuantile975(int degreesOfFreedom) {
    if (degreesOfFreedom < 1) {
      throw new IllegalArgumentException(
          "degrees of freedom must be at least 1, not " + degreesOfFreedom);
    }
    return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : Z_975;
  }

  /**
   * The 95% confidence interval for the mean of a metric over {@code n} runs: {@code x̄ ± t(0.975,
   * n − 1) · s / sqrt(n)}, with {@code s} the {@linkplain #sampleStandardDeviation sample standard
   * deviation}. Right for means of continuous scores (F1, nDCG); for a pass rate prefer {@link
   * #wilson}.
   *
   * @throws IllegalArgumentException when there are fewer than two values
   */
  public static Interval meanInterval(double[] values) {
    requireAtLeast(values, 2);
    double mean = mean(values);
    double halfWidth =
        tQuantile975(values.length - 1)
            * sampleStandardDeviation(values)
            / Math.sqrt(values.length);
    return new Interval(mean, mean - halfWidth, mean + halfWidth);
  }

  /**
   * The 95% Wilson score interval for a proportion {@code p̂ = successes / n}, with {@code z =
   * 1.96}: centre {@code (p̂ + z²/2n) / (1 + z²/n)}, half-width {@code z / (1 + z²/n) · sqrt(p̂(1 −
   * p̂)/n + z²/4n²)}. Unlike the normal approximation it stays within [0, 1] and is not empty at
   * {@code p̂ = 0} or 1. The estimate reported is {@code p̂}, not the centre.
   *
   * @throws IllegalArgumentException when {@code n < 1} or {@code successes} is not in {@code 0..n}
   */
  public static Interval wilson(int successes, int n) {
    if (n < 1 || successes < 0 || successes > n) {
      throw new IllegalArgumentException(
          "need 0 <= successes <= n and n >= 1, not " + successes + " of " + n);
    }
    double p = (double) successes / n;
    double z2 = Z_975 * Z_975;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double halfWidth = Z_975 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    // Clamped only against rounding: mathematically the bounds are within [0, 1].
    return new Interval(p, Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth));
  }

  /** Whether a case's pass/fail outcome differs across its repeats; one run is never flaky. */
  public static boolean isFlaky(Collection<Boolean> outcomes) {
    return outcomes.stream().distinct().count() > 1;
  }

  /**
   * The flaky cases among {@code outcomesByCase} (case id to its pass/fail outcome per repeat),
   * sorted by id.
   */
  public static List<String> flakyCases(Map<String, ? extends Collection<Boolean>> outcomesByCase) {
    return outcomesByCase.entrySet().stream()
        .filter(entry -> isFlaky(entry.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static void requireAtLeast(double[] values, int minimum) {
    if (values.length < minimum) {
      throw new IllegalArgumentException(
          "need at least " + minimum + " values, not " + values.length);
    }
    for (double value : values) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("values must be finite, not " + value);
      }
    }
  }
}
