package io.hubia.runtime.ingest.pipeline;

/**
 * What a sync reports while it runs, for a progress display (local mode) or logs. Called from the
 * syncing thread; implementations must be quick.
 */
public interface SyncProgress {
  /** Reports nothing. */
  SyncProgress NONE = new SyncProgress() {};

  /** A source was read: its documents, and those it skipped. */
  default void sourceRead(String source, int documents, int skipped) {}

  /** A source could not be read at all. */
  default void sourceUnavailable(String source, String reason) {}

  /**
   * {@code done} of the {@code total} documents to (re-)embed are chunked, embedded and indexed.
   */
  default void documentsEmbedded(int done, int total) {}
}
