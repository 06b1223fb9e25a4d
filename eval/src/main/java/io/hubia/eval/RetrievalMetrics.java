package io.hubia.eval;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Scores a ranked list of retrieved document ids against the documents a golden case expects, with
 * binary relevance: a document is relevant when it is one of the expected ones.
 *
 * <p>The runtime retrieves chunks, so the same document may appear several times in the list; each
 * metric first keeps the first occurrence of each document, and {@code k} counts distinct
 * documents. A case with no expected document is not applicable and scores {@link
 * OptionalDouble#empty()}: averaging it as 0 or 1 would skew the mean either way.
 */
public final class RetrievalMetrics {
  private RetrievalMetrics() {}

  /**
   * Recall@k: the share of expected documents found in the first {@code k} distinct retrieved
   * documents, {@code |relevant ∩ top-k| / |relevant|}.
   */
  public static OptionalDouble recallAtK(List<String> ranked, Collection<String> expected, int k) {
    requirePositive(k);
    Set<String> relevant = Set.copyOf(expected);
    if (relevant.isEmpty()) {
      return OptionalDouble.empty();
    }
    long found = topK(ranked, k).stream().filter(relevant::contains).count();
    return OptionalDouble.of((double) found / relevant.size());
  }

  /**
   * Reciprocal rank: {@code 1 / r}, where {@code r} is the 1-based rank of the first expected
   * document among the distinct retrieved documents, or 0 when none was retrieved. The mean over
   * cases ({@link #meanOfApplicable}) is the MRR.
   */
  public static OptionalDouble reciprocalRank(List<String> ranked, Collection<String> expected) {
    Set<String> relevant = Set.copyOf(expected);
    if (relevant.isEmpty()) {
      return OptionalDouble.empty();
    }
    int rank = 0;
    for (String id : distinct(ranked)) {
      rank++;
      if (relevant.contains(id)) {
        return OptionalDouble.of(1.0 / rank);
      }
    }
    return OptionalDouble.of(0.0);
  }

  /**
   * nDCG@k with binary relevance and a log2 discount: {@code DCG@k = Σ rel(i) / log2(i + 1)} over
   * the ranks {@code i = 1..k} of the first {@code k} distinct retrieved documents, with {@code
   * rel(i)} 1 for an expected document and 0 otherwise; {@code IDCG@k} is the DCG of the ideal
   * list, {@code Σ 1 / log2(i + 1)} for {@code i = 1..min(k, |relevant|)}; {@code nDCG@k = DCG@k /
   * IDCG@k}, between 0 and 1.
   */
  public static OptionalDouble ndcgAtK(List<String> ranked, Collection<String> expected, int k) {
    requirePositive(k);
    Set<String> relevant = Set.copyOf(expected);
    if (relevant.isEmpty()) {
      return OptionalDouble.empty();
    }
    double dcg = 0;
    int rank = 0;
    for (String id : topK(ranked, k)) {
      rank++;
      if (relevant.contains(id)) {
        dcg += discount(rank);
      }
    }
    double ideal = 0;
    for (int i = 1; i <= Math.min(k, relevant.size()); i++) {
      ideal += discount(i);
    }
    return OptionalDouble.of(dcg / ideal);
  }

  /** Mean of the applicable (present) values; empty when no value applies. */
  public static OptionalDouble meanOfApplicable(Collection<OptionalDouble> values) {
    return values.stream()
        .filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble)
        .average();
  }

  private static double discount(int rank) {
    return 1.0 / (Math.log(rank + 1) / Math.log(2));
  }

  private static List<String> topK(List<String> ranked, int k) {
    return distinct(ranked).stream().limit(k).toList();
  }

  private static Set<String> distinct(List<String> ranked) {
    return new LinkedHashSet<>(ranked);
  }

  private static void requirePositive(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, not " + k);
    }
  }
}
