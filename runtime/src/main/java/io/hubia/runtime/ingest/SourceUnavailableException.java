package io.hubia.runtime.ingest;

/**
 * The source as a whole cannot be read (its folder is missing or unreadable). Distinct from a
 * skipped document: the ingestion must stop rather than treat the source as empty, or a missing
 * volume would delete every document of the source from the index.
 */
public class SourceUnavailableException extends Exception {
  public SourceUnavailableException(String message) {
    super(message);
  }

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
