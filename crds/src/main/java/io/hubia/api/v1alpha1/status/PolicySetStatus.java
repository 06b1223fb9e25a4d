package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The observed state of a policy set. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicySetStatus {
  @JsonPropertyDescription("The metadata.generation the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("Conditions: Ready first.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("AgentWorkflows governed by this PolicySet, at most 100 listed.")
  private List<String> appliesTo = new ArrayList<>();

  @JsonPropertyDescription("Number of AgentWorkflows governed by this PolicySet.")
  private Integer workflowCount;
}
