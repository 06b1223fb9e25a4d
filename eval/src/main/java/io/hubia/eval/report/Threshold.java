package io.hubia.eval.report;

import java.util.Locale;

/**
 * The value a metric must reach (or stay under) for the evaluation to pass.
 *
 * @param value the bound, inclusive
 * @param direction whether the metric must be at least or at most {@code value}
 */
public record Threshold(double value, Direction direction) {

  /** Checks that the bound is a finite number and that the direction is set. */
  public Threshold {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("threshold must be a finite number, not " + value);
    }
    if (direction == null) {
      throw new IllegalArgumentException("threshold needs a direction (AT_LEAST or AT_MOST)");
    }
  }

  /** A lower bound: the metric passes when it is {@code >= value}. */
  public static Threshold atLeast(double value) {
    return new Threshold(value, Direction.AT_LEAST);
  }

  /** An upper bound: the metric passes when it is {@code <= value}. */
  public static Threshold atMost(double value) {
    return new Threshold(value, Direction.AT_MOST);
  }

  /** Whether {@code measured} satisfies this threshold; NaN (nothing measured) never does. */
  public boolean isMetBy(double measured) {
    if (Double.isNaN(measured)) {
      return false;
    }
    return direction == Direction.AT_LEAST ? measured >= value : measured <= value;
  }

  /** The threshold as thresholds files write it, e.g. {@code >= 0.8}. */
  @Override
  public String toString() {
    return direction.operator() + " " + String.format(Locale.ROOT, "%s", value);
  }

  /** Which side of the bound passes. */
  public enum Direction {
    /** Higher is better: recall, faithfulness, citation precision. */
    AT_LEAST(">="),
    /** Lower is better: false fallback rate, leak rate. */
    AT_MOST("<=");

    private final String operator;

    Direction(String operator) {
      this.operator = operator;
    }

    /** The operator as thresholds files write it: {@code >=} or {@code <=}. */
    public String operator() {
      return operator;
    }
  }
}
