package io.hubia.runtime.ingest.pipeline;

import java.util.Objects;

/**
 * A whole source the sync did not read, and why: its server down, its credentials refused, or a
 * folder that is missing. Its documents already in the index are kept.
 *
 * @param source name of the source
 * @param reason human-readable reason
 */
public record SkippedSource(String source, String reason) {
  public SkippedSource {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
  }
}
