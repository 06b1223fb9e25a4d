package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Layered prompt-injection defence. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InjectionDefenceSpec {
  @JsonPropertyDescription("Screen questions for injection. Defaults to true.")
  private Boolean screenQuestions;

  @Min(0)
  @Max(1)
  @JsonPropertyDescription(
      "Score from which a question is treated as an attack, 0 to 1. Defaults to 0.7.")
  private Double threshold;

  @JsonPropertyDescription("Refuse (400) or Fallback on an attack. Defaults to Refuse.")
  private InjectionAction onDetection;

  @JsonPropertyDescription(
      "Chunks flagged at ingestion: Exclude or IncludeWithWarning. Defaults to Exclude.")
  private FlaggedDocumentAction flaggedDocuments;

  @Size(max = 50)
  @JsonPropertyDescription(
      "Hosts that answers may link to; other links and all markdown images are removed."
          + " Defaults to the hosts of cited documents.")
  private List<@Size(max = 253) String> allowedLinkHosts = new ArrayList<>();
}
