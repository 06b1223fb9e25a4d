package io.hubia.runtime.ingest.chunk;

import io.hubia.api.v1alpha1.spec.ChunkingSpec;
import io.hubia.api.v1alpha1.spec.ChunkingStrategy;

/**
 * Chunking settings resolved against the embedding model.
 *
 * @param strategy Structure or Fixed
 * @param maxTokens largest chunk, in model tokens, counting everything that is embedded (the
 *     heading-path prefix included)
 * @param overlapTokens tokens repeated between consecutive chunks of one section
 */
public record ChunkingSettings(ChunkingStrategy strategy, int maxTokens, int overlapTokens) {
  /** Smallest {@code maxTokens} the API accepts. */
  public static final int MIN_TOKENS = 16;

  /** Overlap used when the spec sets none. */
  public static final int DEFAULT_OVERLAP = 16;

  public ChunkingSettings {
    if (strategy == null) {
      throw new IllegalArgumentException("strategy is required");
    }
    if (maxTokens < MIN_TOKENS) {
      throw new IllegalArgumentException("maxTokens must be at least " + MIN_TOKENS);
    }
    if (overlapTokens < 0 || overlapTokens > maxTokens / 2) {
      throw new IllegalArgumentException("overlapTokens must be between 0 and maxTokens / 2");
    }
  }

  /**
   * Resolves a spec for a model that embeds {@code modelWindow} tokens.
   *
   * <p>{@code maxTokens} defaults to the window and is capped by it: text past the window would be
   * indexed but never embedded, so retrieval by meaning would silently miss it. {@code
   * overlapTokens} defaults to {@value #DEFAULT_OVERLAP} and is capped at half a chunk, so that
   * every chunk brings at least as much new text as it repeats.
   */
  public static ChunkingSettings resolve(ChunkingSpec spec, int modelWindow) {
    ChunkingStrategy strategy =
        spec == null || spec.getStrategy() == null
            ? ChunkingStrategy.Structure
            : spec.getStrategy();
    int max = spec == null || spec.getMaxTokens() == null ? modelWindow : spec.getMaxTokens();
    max = Math.max(MIN_TOKENS, Math.min(max, modelWindow));
    int overlap =
        spec == null || spec.getOverlapTokens() == null
            ? DEFAULT_OVERLAP
            : Math.max(0, spec.getOverlapTokens());
    return new ChunkingSettings(strategy, max, Math.min(overlap, max / 2));
  }
}
