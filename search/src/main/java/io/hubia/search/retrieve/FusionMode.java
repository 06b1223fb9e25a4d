package io.hubia.search.retrieve;

/** How the BM25 and k-NN result lists of a {@link HybridRetriever} are combined. */
public enum FusionMode {
  /**
   * Reciprocal-rank fusion: {@code sum over lists of 1 / (k + rank)}, ranks from 1, divided by its
   * maximum {@code 2 / (k + 1)} so that a chunk first in both lists scores 1.
   */
  RRF,
  /**
   * Weighted sum of min-max normalised scores: {@code (wBm25 * bm25' + wKnn * knn') / (wBm25 +
   * wKnn)}, a chunk missing from a list counting 0 for it.
   */
  WEIGHTED,
  /** BM25 only; the fused score is the min-max normalised BM25 score. */
  BM25_ONLY,
  /** k-NN only; the fused score is the min-max normalised k-NN score. */
  KNN_ONLY;

  /** True if this mode needs the BM25 list. */
  public boolean usesBm25() {
    return this != KNN_ONLY;
  }

  /** True if this mode needs the k-NN list. */
  public boolean usesKnn() {
    return this != BM25_ONLY;
  }
}
