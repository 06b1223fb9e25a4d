package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** A document that ingestion could not read, and why. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SkippedDocument {
  @JsonPropertyDescription("Source name.")
  private String source;

  @JsonPropertyDescription("Document id (path or URL).")
  private String documentId;

  @JsonPropertyDescription("Why it was skipped.")
  private String reason;
}
