package io.hubia.eval.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;

/**
 * The value a metric must reach (or stay under, or stay within) for the evaluation to pass.
 *
 * @param value the bound, inclusive; the lower bound of a range
 * @param direction whether the metric must be at least or at most {@code value}, or between {@code
 *     value} and {@code upper}
 * @param upper the upper bound of a range, inclusive; {@code null} unless the direction is {@link
 *     Direction#BETWEEN}
 */
public record Threshold(
    double value, Direction direction, @JsonInclude(JsonInclude.Include.NON_NULL) Double upper) {

  /** Checks that the bounds are finite numbers, in order, and that the direction is set. */
  public Threshold {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("threshold must be a finite number, not " + value);
    }
    if (direction == null) {
      throw new IllegalArgumentException(
          "threshold needs a direction (AT_LEAST, AT_MOST or BETWEEN)");
    }
    if (direction == Direction.BETWEEN) {
      if (upper == null || !Double.isFinite(upper)) {
        throw new IllegalArgumentException("a range needs a finite upper bound, not " + upper);
      }
      if (upper < value) {
        throw new IllegalArgumentException(
            "range min " + value + " is above its max " + upper + "; nothing could meet it");
      }
    } else if (upper != null) {
      throw new IllegalArgumentException("only a range (BETWEEN) has an upper bound");
    }
  }

  /** A one-sided threshold. */
  public Threshold(double value, Direction direction) {
    this(value, direction, null);
  }

  /** A range: the metric passes when {@code min <= metric <= max}. */
  public static Threshold between(double min, double max) {
    return new Threshold(min, Direction.BETWEEN, max);
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
    return switch (direction) {
      case AT_LEAST -> measured >= value;
      case AT_MOST -> measured <= value;
      case BETWEEN -> measured >= value && measured <= upper;
    };
  }

  /**
   * The threshold as thresholds files write it, e.g. {@code >= 0.8}, or {@code >= 0.8 and <= 1.0}.
   */
  @Override
  public String toString() {
    if (direction == Direction.BETWEEN) {
      return ">= "
          + String.format(Locale.ROOT, "%s", value)
          + " and <= "
          + String.format(Locale.ROOT, "%s", upper);
    }
    return direction.operator() + " " + String.format(Locale.ROOT, "%s", value);
  }

  /** Which side of the bound passes. */
  public enum Direction {
    /** Higher is better: recall, faithfulness, citation precision. */
    AT_LEAST(">="),
    /** Lower is better: false fallback rate, leak rate. */
    AT_MOST("<="),
    /** Within a range, both bounds inclusive: {@code value <= metric <= upper}. */
    BETWEEN("in");

    private final String operator;

    Direction(String operator) {
      this.operator = operator;
    }

    /**
     * The operator as thresholds files write it: {@code >=} or {@code <=}; {@code in} for a range.
     */
    public String operator() {
      return operator;
    }
  }
}
