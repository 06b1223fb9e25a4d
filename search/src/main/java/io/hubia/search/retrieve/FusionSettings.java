package io.hubia.search.retrieve;

/**
 * Fusion of a {@link HybridRetriever}: mode, RRF constant, weights of the weighted sum and how many
 * candidates each list fetches before fusion.
 *
 * <p>The default is {@link FusionMode#BM25_ONLY}: on French public-service documents (see
 * ENVIRONMENT.md) BM25 with the french analyzer put the gold document first 76% of the time, k-NN
 * with the English all-MiniLM-L6-v2 55%, and plain RRF of both 72%. Switch to a hybrid mode only
 * when a measurement on the deployment's data (e.g. with a multilingual embedding model) shows a
 * gain.
 *
 * @param mode how the lists are combined
 * @param rrfK the constant k of reciprocal-rank fusion (60 in the original paper); &gt; 0
 * @param bm25Weight weight of the normalised BM25 score in {@link FusionMode#WEIGHTED}; &ge; 0
 * @param knnWeight weight of the normalised k-NN score in {@link FusionMode#WEIGHTED}; &ge; 0
 * @param candidates how many hits each list fetches (the k of the k-NN query); the retriever uses
 *     at least the request's topK
 */
public record FusionSettings(
    FusionMode mode, int rrfK, double bm25Weight, double knnWeight, int candidates) {

  /** The RRF constant of Cormack et al. (2009). */
  public static final int DEFAULT_RRF_K = 60;

  /** Candidates fetched per list by default. */
  public static final int DEFAULT_CANDIDATES = 50;

  public FusionSettings {
    if (mode == null) {
      throw new IllegalArgumentException("fusion mode is required");
    }
    if (rrfK <= 0) {
      throw new IllegalArgumentException("rrfK must be > 0, was " + rrfK);
    }
    if (!(bm25Weight >= 0) || !(knnWeight >= 0) || !Double.isFinite(bm25Weight + knnWeight)) {
      throw new IllegalArgumentException(
          "weights must be finite and >= 0, were " + bm25Weight + ", " + knnWeight);
    }
    if (mode == FusionMode.WEIGHTED && bm25Weight + knnWeight == 0) {
      throw new IllegalArgumentException("weighted fusion needs a weight > 0");
    }
    if (candidates <= 0) {
      throw new IllegalArgumentException("candidates must be > 0, was " + candidates);
    }
  }

  /** The measured default: BM25 only (see the class comment). */
  public static FusionSettings defaults() {
    return bm25Only();
  }

  public static FusionSettings bm25Only() {
    return new FusionSettings(FusionMode.BM25_ONLY, DEFAULT_RRF_K, 1, 0, DEFAULT_CANDIDATES);
  }

  public static FusionSettings knnOnly() {
    return new FusionSettings(FusionMode.KNN_ONLY, DEFAULT_RRF_K, 0, 1, DEFAULT_CANDIDATES);
  }

  /** Reciprocal-rank fusion with the constant {@code k}. */
  public static FusionSettings rrf(int k) {
    return new FusionSettings(FusionMode.RRF, k, 1, 1, DEFAULT_CANDIDATES);
  }

  /** Weighted sum of min-max normalised scores. */
  public static FusionSettings weighted(double bm25Weight, double knnWeight) {
    return new FusionSettings(
        FusionMode.WEIGHTED, DEFAULT_RRF_K, bm25Weight, knnWeight, DEFAULT_CANDIDATES);
  }

  /** The same settings with another number of candidates per list. */
  public FusionSettings withCandidates(int candidates) {
    return new FusionSettings(mode, rrfK, bm25Weight, knnWeight, candidates);
  }

  /** The same settings with another mode. */
  public FusionSettings withMode(FusionMode mode) {
    return new FusionSettings(mode, rrfK, bm25Weight, knnWeight, candidates);
  }
}
