package io.hubia.eval.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The shadow index a suite's planted documents were put in, for its shadow cases (indirect
 * injection): what the runtime copied and planted, or why the cases were not run.
 *
 * @param suite the suite whose documents were planted
 * @param status {@value #CREATED} when the runtime made the shadow, {@value #NOT_ENABLED} when it
 *     does not enable shadows (the shadow cases were not run), {@value #FAILED} when it refused or
 *     could not be reached (the shadow cases failed)
 * @param shadow the shadow's id, or {@code null} when none was made
 * @param expiresAt when the runtime would drop the shadow by itself, as it wrote it, or {@code
 *     null}
 * @param plantedDocuments how many documents the suite asked to plant
 * @param indexes per index of the workflow, what the shadow holds; empty when none was made
 * @param deleted whether the shadow was deleted at the end of the run
 * @param note what went wrong, in a sentence, or {@code null}
 */
@JsonPropertyOrder({
  "suite",
  "status",
  "shadow",
  "expiresAt",
  "plantedDocuments",
  "indexes",
  "deleted",
  "note"
})
public record ShadowSummary(
    String suite,
    String status,
    String shadow,
    String expiresAt,
    int plantedDocuments,
    List<Index> indexes,
    boolean deleted,
    String note) {
  /** The runtime made the shadow and the shadow cases were asked against it. */
  public static final String CREATED = "created";

  /** The runtime does not enable shadows: the shadow cases were not run. */
  public static final String NOT_ENABLED = "not_enabled";

  /** The runtime refused the shadow or could not be reached: the shadow cases failed. */
  public static final String FAILED = "failed";

  /** Freezes the indexes. */
  public ShadowSummary {
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
  }

  /** Whether the shadow cases were not asked at all. */
  @JsonIgnore
  public boolean casesNotRun() {
    return NOT_ENABLED.equals(status);
  }

  /** Chunks copied from the live indexes, over every index. */
  @JsonIgnore
  public long copiedChunks() {
    return indexes.stream().mapToLong(Index::copiedChunks).sum();
  }

  /** Chunks of the planted documents, over every index. */
  @JsonIgnore
  public long plantedChunks() {
    return indexes.stream().mapToLong(Index::plantedChunks).sum();
  }

  /** Chunks the runtime's injection screening flagged, over every index. */
  @JsonIgnore
  public long flaggedChunks() {
    return indexes.stream().mapToLong(Index::flaggedChunks).sum();
  }

  /**
   * One index of the workflow in the shadow, as the runtime reported it.
   *
   * @param index the live index copied
   * @param shadowIndex the shadow index the questions retrieve from
   * @param copiedChunks chunks copied from the live index
   * @param plantedDocuments planted documents added
   * @param plantedChunks chunks of the planted documents
   * @param flaggedChunks chunks flagged by the runtime's injection screening at indexing
   */
  @JsonPropertyOrder({
    "index",
    "shadowIndex",
    "copiedChunks",
    "plantedDocuments",
    "plantedChunks",
    "flaggedChunks"
  })
  public record Index(
      String index,
      String shadowIndex,
      long copiedChunks,
      long plantedDocuments,
      long plantedChunks,
      long flaggedChunks) {}
}
