package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The observed state of an agent service. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentWorkflowStatus {
  @JsonPropertyDescription("The metadata.generation the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions: Ready first, then SpecValid, ReferencesResolved, Available, Evaluated and"
          + " AuditHealthy.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("In-cluster URL of the agent's ask endpoint.")
  private String endpoint;

  @JsonPropertyDescription(
      "Revision running: a hash of the rendered runtime configuration (workflow, policy, index"
          + " endpoints).")
  private String activeRevision;

  @JsonPropertyDescription(
      "With evaluation.gate, the newer revision waiting for, or refused by, its evaluation while"
          + " activeRevision keeps serving; absent when the latest revision serves.")
  private String candidateRevision;

  @JsonPropertyDescription("Pods of the active revision that are ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription("metadata.generation of the PolicySet in the active revision.")
  private Long policyGeneration;

  @JsonPropertyDescription("Evaluation scores.")
  private EvaluationStatus evaluation;

  @JsonPropertyDescription(
      "Audit health, read by the operator from the runtime every minute once pods are available.")
  private AuditHealth audit;
}
