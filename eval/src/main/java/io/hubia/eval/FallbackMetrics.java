package io.hubia.eval;

import java.util.Collection;
import java.util.OptionalDouble;

/**
 * Scores when an agent falls back ("je ne peux pas répondre à partir des sources") against when the
 * golden set says it must ({@link GoldenCase#mustFallBack()}), treating the fallback as the
 * positive class: fallback precision, fallback recall and false-fallback rate.
 *
 * <p>A rate whose denominator is zero is undefined and is {@link OptionalDouble#empty()}, as
 * elsewhere in this module, rather than {@code NaN} (which silently poisons any mean it enters) or
 * {@code null} (which fails only when read): a run with no fallback has no fallback precision, a
 * golden set with no must-fall-back case has no fallback recall.
 */
public final class FallbackMetrics {
  private FallbackMetrics() {}

  /**
   * What one case required and what the agent did.
   *
   * @param caseId the golden case, for reports
   * @param mustFallBack whether the right behaviour was the fallback
   * @param fellBack whether the agent fell back
   */
  public record FallbackOutcome(String caseId, boolean mustFallBack, boolean fellBack) {}

  /**
   * The four counts of the confusion matrix, and the rates made from them.
   *
   * @param correctFallbacks fell back and had to (true positives)
   * @param falseFallbacks fell back but should have answered (false positives)
   * @param missedFallbacks answered but should have fallen back (false negatives)
   * @param correctAnswers answered and had to (true negatives)
   */
  public record FallbackScores(
      int correctFallbacks, int falseFallbacks, int missedFallbacks, int correctAnswers) {

    /** Number of cases scored. */
    public int cases() {
      return correctFallbacks + falseFallbacks + missedFallbacks + correctAnswers;
    }

    /**
     * Fallback precision, {@code correctFallbacks / (correctFallbacks + falseFallbacks)}: of the
     * fallbacks, the share that were required. Empty when the agent never fell back.
     */
    public OptionalDouble precision() {
      return ratio(correctFallbacks, correctFallbacks + falseFallbacks);
    }

    /**
     * Fallback recall, {@code correctFallbacks / (correctFallbacks + missedFallbacks)}: of the
     * required fallbacks, the share the agent made. Empty when no case required one.
     */
    public OptionalDouble recall() {
      return ratio(correctFallbacks, correctFallbacks + missedFallbacks);
    }

    /**
     * False-fallback rate, {@code falseFallbacks / (falseFallbacks + correctAnswers)}: of the cases
     * that should be answered, the share the agent refused. Empty when every case required a
     * fallback.
     */
    public OptionalDouble falseFallbackRate() {
      return ratio(falseFallbacks, falseFallbacks + correctAnswers);
    }
  }

  /** Counts the outcomes into a {@link FallbackScores}. */
  public static FallbackScores score(Collection<FallbackOutcome> outcomes) {
    int correctFallbacks = 0;
    int falseFallbacks = 0;
    int missedFallbacks = 0;
    int correctAnswers = 0;
    for (FallbackOutcome outcome : outcomes) {
      if (outcome.fellBack()) {
        if (outcome.mustFallBack()) {
          correctFallbacks++;
        } else {
          falseFallbacks++;
        }
      } else if (outcome.mustFallBack()) {
        missedFallbacks++;
      } else {
        correctAnswers++;
      }
    }
    return new FallbackScores(correctFallbacks, falseFallbacks, missedFallbacks, correctAnswers);
  }

  private static OptionalDouble ratio(int numerator, int denominator) {
    return denominator == 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) numerator / denominator);
  }
}
