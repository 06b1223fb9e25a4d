package io.hubia.eval;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores an answer's text against a golden case: token F1 and exact match against the reference
 * answer, and coverage of the case's key facts.
 *
 * <p>All three compare {@linkplain #normalise(String) normalised tokens}, so that case, accents,
 * punctuation, articles and citation markers do not decide a score: "L'adhésion coûte 150 € [1]."
 * and "adhesion coute 150" are the same answer.
 */
public final class AnswerMetrics {
  /** French and English articles, elided forms included ({@code l'} and {@code d'} split off). */
  static final Set<String> ARTICLES =
      Set.of("le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "the", "a", "an");

  /** Citation markers of the runtime's answers: [1], [2, 3]. */
  private static final Pattern CITATION = Pattern.compile("\\[\\d+(?:\\s*,\\s*\\d+)*]");

  /** A decimal number with a comma or a point (kept whole, comma read as point), or a word. */
  private static final Pattern TOKEN = Pattern.compile("\\p{N}+(?:[.,]\\p{N}+)+|[\\p{L}\\p{N}]+");

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private AnswerMetrics() {}

  /**
   * The tokens an answer is compared by: citation markers removed, lower-cased, accents and
   * ligatures (œ, æ) folded, split on anything that is not a letter or a digit (so {@code l'} and
   * {@code d'} come apart from their noun), articles dropped. Decimal numbers stay whole, with a
   * point for the separator: "1,5" and "1.5" are the same token.
   */
  public static List<String> normalise(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String folded = CITATION.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT);
    folded = folded.replace("œ", "oe").replace("æ", "ae");
    folded = MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFKD)).replaceAll("");
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(folded);
    while (matcher.find()) {
      String token = matcher.group().replace(',', '.');
      if (!ARTICLES.contains(token)) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  /**
   * Token F1 of {@code answer} against {@code reference}, as in SQuAD: with {@code c} the number of
   * tokens the two share (counted with multiplicity), precision {@code P = c / |answer|}, recall
   * {@code R = c / |reference|} and {@code F1 = 2PR / (P + R)}. Two answers with no tokens score 1,
   * one empty side scores 0.
   */
  public static double tokenF1(String answer, String reference) {
    List<String> predicted = normalise(answer);
    List<String> expected = normalise(reference);
    if (predicted.isEmpty() || expected.isEmpty()) {
      return predicted.isEmpty() && expected.isEmpty() ? 1.0 : 0.0;
    }
    Map<String, Integer> remaining = new HashMap<>();
    expected.forEach(token -> remaining.merge(token, 1, Integer::sum));
    int common = 0;
    for (String token : predicted) {
      Integer left = remaining.get(token);
      if (left != null && left > 0) {
        remaining.put(token, left - 1);
        common++;
      }
    }
    if (common == 0) {
      return 0.0;
    }
    double precision = (double) common / predicted.size();
    double recall = (double) common / expected.size();
    return 2 * precision * recall / (precision + recall);
  }

  /** Whether the two texts have the same normalised tokens, in the same order. */
  public static boolean exactMatch(String answer, String reference) {
    return normalise(answer).equals(normalise(reference));
  }

  /**
   * Share of {@code keyFacts} that {@code answer} states: a fact counts when every one of its
   * normalised tokens appears among the answer's, in any order. Empty when there are no key facts
   * (not applicable, rather than a perfect score).
   *
   * @throws IllegalArgumentException when a key fact has no tokens once normalised (e.g. "le")
   */
  public static OptionalDouble keyFactCoverage(String answer, List<String> keyFacts) {
    if (keyFacts.isEmpty()) {
      return OptionalDouble.empty();
    }
    Set<String> stated = new HashSet<>(normalise(answer));
    int covered = 0;
    for (String fact : keyFacts) {
      List<String> tokens = normalise(fact);
      if (tokens.isEmpty()) {
        throw new IllegalArgumentException("key fact '" + fact + "' has no words to look for");
      }
      if (stated.containsAll(tokens)) {
        covered++;
      }
    }
    return OptionalDouble.of((double) covered / keyFacts.size());
  }
}
