package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** How documents are cut into chunks, sized in embedding-model tokens. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.overlapTokens) || !has(self.maxTokens) || self.overlapTokens < self.maxTokens",
    message = "chunking.overlapTokens must be smaller than chunking.maxTokens")
public class ChunkingSpec {
  @JsonPropertyDescription("Structure (headings and paragraphs) or Fixed. Defaults to Structure.")
  private ChunkingStrategy strategy;

  @Min(16)
  @Max(4096)
  @JsonPropertyDescription(
      "Largest chunk, in tokens of the embedding model. Defaults to the model's window (128 for"
          + " the in-process model).")
  private Integer maxTokens;

  @Min(0)
  @Max(1024)
  @JsonPropertyDescription("Tokens repeated between consecutive chunks. Defaults to 16.")
  private Integer overlapTokens;
}
