package io.hubia.runtime.agent;

import io.hubia.search.retrieve.FusionSettings;

/**
 * The retrieval settings of {@code /ask}, for benchmarks that query the index directly as a
 * baseline: the very constants of {@link CompiledWorkflow}, so that the baseline cannot drift from
 * what the runtime does.
 */
public final class AskRetrievalSettings {
  /** The fusion of BM25 and k-NN every index of a route is searched with. */
  public static final FusionSettings FUSION = CompiledWorkflow.FUSION;

  /** Chunks retrieved from an index whose entry sets no {@code topK}. */
  public static final int DEFAULT_TOP_K = CompiledWorkflow.DEFAULT_TOP_K;

  private AskRetrievalSettings() {}
}
