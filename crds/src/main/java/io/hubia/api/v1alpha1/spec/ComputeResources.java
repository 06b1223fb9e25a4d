package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Compute resources of each runtime pod. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComputeResources {
  @JsonPropertyDescription("Requested resources. Defaults to cpu 250m, memory 768Mi.")
  private ResourceAmounts requests;

  @JsonPropertyDescription("Resource limits. Defaults to memory 1536Mi and no CPU limit.")
  private ResourceAmounts limits;
}
