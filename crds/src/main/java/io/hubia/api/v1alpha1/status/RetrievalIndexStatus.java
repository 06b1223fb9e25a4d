package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The observed state of a retrieval index. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrievalIndexStatus {
  @JsonPropertyDescription("The metadata.generation the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions: Ready first, then Synced.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Alias readers query; it names the resource.")
  private String alias;

  @JsonPropertyDescription("Physical OpenSearch index behind the alias.")
  private String indexName;

  @JsonPropertyDescription("Documents in the index.")
  private Long documents;

  @JsonPropertyDescription("Chunks in the index.")
  private Long chunks;

  @JsonPropertyDescription("Documents skipped by the last sync.")
  private Long skippedDocuments;

  @JsonPropertyDescription("The first skipped documents, at most 20, with reasons.")
  private List<SkippedDocument> skipped = new ArrayList<>();

  @JsonPropertyDescription("When the last sync started (RFC 3339).")
  private String lastSyncTime;

  @JsonPropertyDescription("When the last successful sync finished (RFC 3339).")
  private String lastSuccessfulSyncTime;

  @JsonPropertyDescription(
      "Incremented whenever the indexed content changed, so that evaluations re-run.")
  private Long contentGeneration;

  @JsonPropertyDescription(
      "The spec generation the last sync Job was started for; a new generation starts one.")
  private Long lastSyncGeneration;

  @JsonPropertyDescription("The last finished sync Job whose result this status shows.")
  private String lastSyncJob;

  @JsonPropertyDescription("Embedding model recorded in the index, as name/dimension.")
  private String embeddingModel;

  @JsonPropertyDescription("AgentWorkflows that read this index.")
  private List<String> usedBy = new ArrayList<>();
}
