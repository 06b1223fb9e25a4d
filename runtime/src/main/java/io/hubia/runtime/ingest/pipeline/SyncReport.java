package io.hubia.runtime.ingest.pipeline;

import io.hubia.runtime.ingest.SkippedDocument;
import java.time.Duration;
import java.util.List;

/**
 * What one sync did.
 *
 * @param alias the alias readers use
 * @param physicalIndex the physical index the alias points to after the sync; after a staged
 *     rebuild ({@link IngestionPipeline.Options#withStagedRebuilds()}), the new index, which the
 *     alias does not point to yet
 * @param mode how the sync ran
 * @param documents documents read from the sources and now in the index
 * @param chunks chunks of those documents
 * @param embedded documents (re-)embedded and (re-)indexed: new or changed ones, all in a rebuild
 * @param embeddedChunks chunks embedded
 * @param unchanged documents left as they were (same fingerprint as in the index)
 * @param deleted documents removed from the index (gone from their source, or now skipped)
 * @param skipped documents a connector could not take, with their reasons
 * @param skippedSources sources not read at all, with their reasons
 * @param contentChanged whether what readers see through the alias changed
 * @param duration wall-clock time of the sync
 */
public record SyncReport(
    String alias,
    String physicalIndex,
    SyncMode mode,
    int documents,
    int chunks,
    int embedded,
    int embeddedChunks,
    int unchanged,
    int deleted,
    List<SkippedDocument> skipped,
    List<SkippedSource> skippedSources,
    boolean contentChanged,
    Duration duration) {

  public SyncReport {
    skipped = List.copyOf(skipped);
    skippedSources = List.copyOf(skippedSources);
  }
}
