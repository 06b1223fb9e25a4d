package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import lombok.Data;

/** CPU and memory amounts, as Kubernetes quantities. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceAmounts {
  @Pattern(Patterns.QUANTITY)
  @JsonPropertyDescription("CPU, e.g. 500m or 2.")
  private String cpu;

  @Pattern(Patterns.QUANTITY)
  @JsonPropertyDescription("Memory, e.g. 768Mi or 2Gi.")
  private String memory;
}
