package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** A RetrievalIndex the agent reads from. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IndexRef {
  @Required
  @Pattern(Patterns.NAME)
  @Size(max = 253)
  @JsonPropertyDescription("Name of a RetrievalIndex in the same namespace.")
  private String name;

  @Min(1)
  @Max(50)
  @JsonPropertyDescription("Chunks retrieved from this index per question. Defaults to 5.")
  private Integer topK;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription(
      "Weight of this index's scores when results of several indexes are merged. Defaults to 1.")
  private Double weight;
}
