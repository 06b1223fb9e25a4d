package io.hubia.runtime.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Nearest-rank percentiles and the mean of a sample (latencies, per-call times): the figures the
 * benchmarks of this module report, computed one way.
 */
final class Percentiles {
  private final long[] sorted;

  private Percentiles(long[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  static Percentiles of(long[] values) {
    return new Percentiles(values);
  }

  static Percentiles of(Collection<? extends Number> values) {
    return new Percentiles(values.stream().mapToLong(Number::longValue).toArray());
  }

  int size() {
    return sorted.length;
  }

  boolean isEmpty() {
    return sorted.length == 0;
  }

  /**
   * The nearest-rank percentile: the smallest value with at least {@code p} (0 to 1) of the sample
   * at or below it.
   *
   * @throws IllegalStateException on an empty sample
   */
  long at(double p) {
    if (sorted.length == 0) {
      throw new IllegalStateException("no values");
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  double mean() {
    return Arrays.stream(sorted).average().orElse(0);
  }
}
