package io.hubia.runtime.ingest;

import java.util.Objects;

/**
 * A document the connector could not take, and why: reported in the RetrievalIndex status.
 *
 * @param source name of the source
 * @param id id the document would have had (for files, the relative path)
 * @param code kind of problem, stable for counting
 * @param reason precise, human-readable reason; never contains the document's content
 */
public record SkippedDocument(String source, String id, SkipCode code, String reason) {
  public SkippedDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(reason, "reason");
  }
}
