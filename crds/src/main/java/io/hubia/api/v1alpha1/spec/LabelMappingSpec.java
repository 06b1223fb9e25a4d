package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** How source permissions become labels on every chunk. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LabelMappingSpec {
  @Required
  @Size(min = 1, max = 10)
  @JsonPropertyDescription(
      "Labels of documents that no rule and no front matter labels: choose the most"
          + " restrictive, e.g. [restricted]. Required, so that nothing is open by mistake.")
  private List<@Size(max = 128) String> defaultLabels = new ArrayList<>();

  @Size(max = 100)
  @JsonPropertyDescription("Label rules, at most 100.")
  private List<LabelRule> rules = new ArrayList<>();

  @JsonPropertyDescription(
      "Whether labels written in a document's own front matter are kept. Defaults to true.")
  private Boolean trustDocumentLabels;
}
