package io.hubia.runtime.answer;

import io.hubia.api.v1alpha1.spec.CitationSpec;
import java.util.List;

/**
 * The thresholds of the citation rule, each in 0..1.
 *
 * @param minSupportScore least support score of a claim by its cited chunks for the claim to stay
 * @param minRetrievalScore least relevance ({@link Evidence#relevance()}) of the best chunk; below
 *     it the question is not answered from these chunks
 * @param minSupportedShare least share of the factual claims that must stay for the answer to be
 *     given; below it the reply is the fallback
 */
public record CitationSettings(
    double minSupportScore, double minRetrievalScore, double minSupportedShare) {
  public static final double DEFAULT_MIN_SUPPORT_SCORE = 0.5;
  public static final double DEFAULT_MIN_RETRIEVAL_SCORE = 0.2;
  public static final double DEFAULT_MIN_SUPPORTED_SHARE = 0.5;

  /** Hubia's defaults: 0.5, 0.2 and 0.5. */
  public static final CitationSettings DEFAULTS =
      new CitationSettings(
          DEFAULT_MIN_SUPPORT_SCORE, DEFAULT_MIN_RETRIEVAL_SCORE, DEFAULT_MIN_SUPPORTED_SHARE);

  public CitationSettings {
    check("minSupportScore", minSupportScore);
    check("minRetrievalScore", minRetrievalScore);
    check("minSupportedShare", minSupportedShare);
  }

  /** The settings of a spec, each unset one at its default; {@code null} gives the defaults. */
  public static CitationSettings from(CitationSpec spec) {
    if (spec == null) {
      return DEFAULTS;
    }
    return new CitationSettings(
        or(spec.getMinSupportScore(), DEFAULT_MIN_SUPPORT_SCORE),
        or(spec.getMinRetrievalScore(), DEFAULT_MIN_RETRIEVAL_SCORE),
        or(spec.getMinSupportedShare(), DEFAULT_MIN_SUPPORTED_SHARE));
  }

  /** Whether the best of the evidence reaches {@link #minRetrievalScore()}; false when empty. */
  public boolean relevantEnough(List<Evidence> evidence) {
    return evidence.stream().anyMatch(e -> e.relevance() >= minRetrievalScore);
  }

  private static double or(Double value, double fallback) {
    return value == null ? fallback : value;
  }

  private static void check(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in 0..1, not " + value);
    }
  }
}
