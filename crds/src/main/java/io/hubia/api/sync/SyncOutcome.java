package io.hubia.api.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.status.SkippedDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/**
 * What one sync Job did, written by the runtime's {@code ingest} command as its container's
 * termination message and read by the operator into the RetrievalIndex status. It must fit in
 * {@link IngestionJobContract#TERMINATION_MESSAGE_LIMIT} bytes: {@link #toMessage()} drops skipped
 * entries and shortens texts until it does, never the counts.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SyncOutcome {
  /** Version of this format. */
  public static final int FORMAT_VERSION = 1;

  /** Skipped documents listed at most (status shows the first ones). */
  public static final int MAX_SKIPPED_LISTED = 20;

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** How a sync runs. */
  public enum Mode {
    /** Update the current physical index in place: new, changed and deleted documents only. */
    Incremental,
    /**
     * Fill a new physical index; the operator points the alias at it once the Job has succeeded,
     * then deletes the old one.
     */
    FullRebuild
  }

  private int formatVersion = FORMAT_VERSION;
  private Mode mode;
  private boolean succeeded;

  /** Stable reason of a failure, e.g. OpenSearchUnreachable, EmbeddingMismatch, SyncFailed. */
  private String failureReason;

  /** What went wrong, for people; never holds secrets nor document content. */
  private String message;

  private Long specGeneration;
  private String physicalIndex;
  private long documents;
  private long chunks;
  private long embedded;
  private long deleted;
  private long skippedDocuments;
  private List<SkippedDocument> skipped = new ArrayList<>();

  /** Sources not read at all, as {@code name: reason}. */
  private List<String> skippedSources = new ArrayList<>();

  private boolean contentChanged;

  /** Embedding model as {@code name/dimension}. */
  private String embeddingModel;

  private String startedAt;
  private String finishedAt;

  /** Parses a termination message. */
  public static SyncOutcome parse(String message) throws JsonProcessingException {
    return JSON.readValue(message, SyncOutcome.class);
  }

  /**
   * This outcome as JSON of at most {@link IngestionJobContract#TERMINATION_MESSAGE_LIMIT} bytes.
   */
  public String toMessage() {
    SyncOutcome copy = copy();
    String json = json(copy);
    int reasonLimit = 300;
    while (bytes(json) > IngestionJobContract.TERMINATION_MESSAGE_LIMIT) {
      if (copy.skipped.size() > 3) {
        copy.skipped = new ArrayList<>(copy.skipped.subList(0, copy.skipped.size() - 1));
      } else if (reasonLimit > 40) {
        reasonLimit /= 2;
        int limit = reasonLimit;
        copy.skipped.forEach(s -> s.setReason(abbreviate(s.getReason(), limit)));
        copy.skippedSources.replaceAll(s -> abbreviate(s, limit));
        copy.message = abbreviate(copy.message, limit * 4);
      } else {
        copy.skipped = new ArrayList<>();
        copy.skippedSources = new ArrayList<>(copy.skippedSources.stream().limit(3).toList());
        copy.message = abbreviate(copy.message, 500);
      }
      json = json(copy);
    }
    return json;
  }

  private SyncOutcome copy() {
    try {
      return JSON.readValue(JSON.writeValueAsString(this), SyncOutcome.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(SyncOutcome outcome) {
    try {
      return JSON.writeValueAsString(outcome);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String abbreviate(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, Math.max(0, max - 1)) + "…";
  }
}
