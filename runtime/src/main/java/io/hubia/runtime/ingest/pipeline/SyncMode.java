package io.hubia.runtime.ingest.pipeline;

/** How a sync writes into OpenSearch. */
public enum SyncMode {
  /**
   * Into the physical index behind the alias (created as the first generation with the alias when
   * there is none): only changed documents are embedded again, documents gone from their source are
   * deleted. Refused when the index was built with another embedding model.
   */
  INCREMENTAL,
  /**
   * Into a new physical generation, filled from scratch; the alias then moves to it in one request
   * and the old generation is dropped. Needed when the embedding model, the mapping or the analysis
   * changes.
   */
  FULL_REBUILD
}
