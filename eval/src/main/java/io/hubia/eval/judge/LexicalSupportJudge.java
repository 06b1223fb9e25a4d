package io.hubia.eval.judge;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The default support judge: deterministic, local, French-aware word overlap.
 *
 * <p>Both texts are normalised as the answer metrics do (accents, ligatures, elisions, decimal
 * commas, citation markers; {@link io.hubia.eval.AnswerMetrics#normalise}), then sorted into
 * numbers, negations and content words (French and English stop words out, plural dropped, stems of
 * {@value Words#STEM_LENGTH} characters). The passage supports the sentence when all three hold:
 *
 * <ol>
 *   <li>every number, day and month of the sentence is in the passage, exactly ("4 mois" and
 *       "quatre mois" are the same number; "3 500" and "3 600" are not);
 *   <li>at least {@value #MIN_COVERAGE} of the sentence's distinct content stems are in the
 *       passage;
 *   <li>the sentence is negated exactly when the passage's sentence that covers most of its content
 *       words is ("ne peut pas refuser" against "peut refuser" is not support).
 * </ol>
 *
 * A sentence with neither a content word nor a number is not supported: there is nothing to check.
 */
public final class LexicalSupportJudge implements SupportJudge {
  /**
   * Share of the sentence's content stems the passage must hold. Measured on the shipped check set
   * ({@link JudgeCheck}): see docs/evaluation-metrics.md.
   */
  public static final double MIN_COVERAGE = 0.7;

  private final double minCoverage;

  /** A judge with the default threshold, {@value #MIN_COVERAGE}. */
  public LexicalSupportJudge() {
    this(MIN_COVERAGE);
  }

  /** A judge that needs {@code minCoverage} of the sentence's content stems (0 to 1). */
  public LexicalSupportJudge(double minCoverage) {
    if (!(minCoverage > 0 && minCoverage <= 1)) {
      throw new IllegalArgumentException(
          "the coverage threshold must be in (0, 1], not " + minCoverage);
    }
    this.minCoverage = minCoverage;
  }

  @Override
  public Verdict judge(String sentence, String passage) {
    if (sentence == null || passage == null || passage.isBlank()) {
      return Verdict.NOT_SUPPORTED;
    }
    Words.Analysis claim = Words.analyse(sentence);
    Set<String> stems = new HashSet<>(claim.stems());
    if (stems.isEmpty() && claim.numbers().isEmpty()) {
      return Verdict.NOT_SUPPORTED;
    }
    Words.Analysis source = Words.analyse(passage);
    if (!new HashSet<>(source.numbers()).containsAll(claim.numbers())) {
      return Verdict.NOT_SUPPORTED;
    }
    if (coverage(stems, source.stems()) < minCoverage) {
      return Verdict.NOT_SUPPORTED;
    }
    for (String stem : stems) {
      boolean inPassage = source.negated().contains(stem) || source.plain().contains(stem);
      if (inPassage
          && (claim.negated().contains(stem)
              ? !source.negated().contains(stem)
              : !source.plain().contains(stem))) {
        return Verdict.NOT_SUPPORTED;
      }
    }
    return Verdict.SUPPORTED;
  }

  @Override
  public String describe() {
    return "lexical";
  }

  private static double coverage(Set<String> stems, List<String> in) {
    if (stems.isEmpty()) {
      return 1.0;
    }
    Set<String> available = new HashSet<>(in);
    return stems.stream().filter(available::contains).count() / (double) stems.size();
  }
}
