package io.hubia.operator.workflow;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.config.ModelEndpoints;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.AgentWorkflowStatus;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.workflow.audit.AuditHealthStatus;
import io.hubia.operator.workflow.desired.AgentLabels;
import java.time.Instant;
import java.util.List;

/**
 * Computes an AgentWorkflow's status from what the reconciliation found. Fields owned by other
 * writers (evaluation) are carried over untouched; the audit part ({@code status.audit} and the
 * AuditHealthy condition) is computed when the workflow is deployed ({@link AuditHealthStatus}) and
 * kept as it was otherwise. A pure function: same inputs, equal status, so that an unchanged status
 * is never written.
 */
public final class AgentWorkflowStatusAggregator {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final int REVISION_LENGTH = 12;

  private AgentWorkflowStatusAggregator() {}

  /** The spec cannot work: Ready=False with every problem listed. */
  public static AgentWorkflowStatus invalidSpec(
      AgentWorkflow workflow, List<String> problems, Instant now) {
    AgentWorkflowStatus status = base(workflow);
    String message = "Fix the spec: " + String.join("; ", problems);
    status.setConditions(
        withForeign(
                Conditions.from(previousConditions(workflow), generation(workflow), now), workflow)
            .set(ConditionType.Ready, false, Reason.InvalidSpec.name(), message)
            .set(ConditionType.SpecValid, false, Reason.InvalidSpec.name(), message)
            .build());
    return status;
  }

  /**
   * Models that name no endpoint while the operator has no default model server ({@code
   * HUBIA_MODEL_ENDPOINT}): Ready=False; the spec itself is valid, and the running revision keeps
   * serving.
   */
  public static AgentWorkflowStatus modelEndpointMissing(
      AgentWorkflow workflow, List<String> models, Instant now) {
    AgentWorkflowStatus status = base(workflow);
    String message =
        String.join(", ", models)
            + (models.size() == 1 ? " names" : " name")
            + " no endpoint and the operator has no default model server: set spec.model.endpoint"
            + " (spec.fallbackModels[i].endpoint for a fallback model) or the operator's "
            + ModelEndpoints.ENV
            + " (Helm value model.endpoint)";
    status.setConditions(
        withForeign(
                Conditions.from(previousConditions(workflow), generation(workflow), now), workflow)
            .set(ConditionType.Ready, false, Reason.ModelEndpointMissing.name(), message)
            .set(ConditionType.SpecValid, true, Reason.Valid.name(), "The spec is valid")
            .build());
    return status;
  }

  /** A reference is missing or not ready: Ready=False; the running revision keeps serving. */
  public static AgentWorkflowStatus unresolved(
      AgentWorkflow workflow, ReferenceCheck.Unresolved problem, Instant now) {
    AgentWorkflowStatus status = base(workflow);
    status.setConditions(
        withForeign(
                Conditions.from(previousConditions(workflow), generation(workflow), now), workflow)
            .set(ConditionType.Ready, false, problem.reason().name(), problem.message())
            .set(ConditionType.SpecValid, true, Reason.Valid.name(), "The spec is valid")
            .set(
                ConditionType.ReferencesResolved, false, problem.reason().name(), problem.message())
            .build());
    return status;
  }

  /**
   * References resolved and dependents reconciled: readiness follows the rollout, audit health what
   * the runtime reported ({@code audit}).
   */
  public static AgentWorkflowStatus deployed(
      AgentWorkflow workflow,
      DeploymentRollout rollout,
      long policyGeneration,
      AuditHealthStatus.Result audit,
      Instant now) {
    AgentWorkflowStatus status = base(workflow);
    status.setAudit(audit.audit());
    status.setEndpoint(AgentLabels.endpoint(workflow));
    status.setReadyReplicas(rollout.available());
    Conditions conditions =
        withForeign(
                Conditions.from(previousConditions(workflow), generation(workflow), now), workflow)
            .set(ConditionType.SpecValid, true, Reason.Valid.name(), "The spec is valid")
            .set(
                ConditionType.ReferencesResolved,
                true,
                Reason.Resolved.name(),
                "PolicySet, RetrievalIndexes and Secrets found and ready");
    String pods = rollout.available() + "/" + rollout.desired() + " pods available";
    if (rollout.desired() == 0) {
      String message = "spec.replicas is 0: no pod serves the agent";
      conditions
          .set(ConditionType.Ready, false, Reason.ScaledToZero.name(), message)
          .set(ConditionType.Available, false, Reason.ScaledToZero.name(), message);
    } else if (rollout.complete()) {
      status.setActiveRevision(shortRevision(rollout.revision()));
      status.setPolicyGeneration(policyGeneration);
      String message = pods + ", revision " + status.getActiveRevision();
      conditions
          .set(ConditionType.Ready, true, Reason.Ready.name(), message)
          .set(ConditionType.Available, true, Reason.MinimumReplicasAvailable.name(), pods);
    } else {
      String message = "Rolling out revision " + shortRevision(rollout.revision()) + ": " + pods;
      conditions.set(ConditionType.Ready, false, Reason.RolloutInProgress.name(), message);
      if (rollout.available() > 0) {
        conditions.set(ConditionType.Available, true, Reason.MinimumReplicasAvailable.name(), pods);
      } else {
        conditions.set(ConditionType.Available, false, Reason.DeploymentUnavailable.name(), pods);
      }
    }
    if ("Unknown".equals(audit.conditionStatus())) {
      conditions.unknown(ConditionType.AuditHealthy, audit.reason().name(), audit.message());
    } else {
      conditions.set(
          ConditionType.AuditHealthy,
          "True".equals(audit.conditionStatus()),
          audit.reason().name(),
          audit.message());
    }
    status.setConditions(conditions.build());
    return status;
  }

  /** An unexpected error: Ready=False with the error, everything else kept. */
  public static AgentWorkflowStatus error(AgentWorkflow workflow, Exception error, Instant now) {
    AgentWorkflowStatus status = base(workflow);
    List<io.hubia.api.v1alpha1.status.Condition> previous = previousConditions(workflow);
    Conditions conditions = Conditions.from(previous, generation(workflow), now);
    for (var condition : previous) {
      if (!ConditionType.Ready.name().equals(condition.getType())) {
        conditions.keep(condition);
      }
    }
    String message = "Reconciliation failed and will be retried: " + error.getMessage();
    conditions.set(ConditionType.Ready, false, Reason.ReconcileError.name(), message);
    status.setConditions(conditions.build());
    return status;
  }

  /**
   * Condition types this controller computes on every pass; any other type is kept as it was
   * (AuditHealthy, computed only when deployed, is kept by the other passes this way).
   */
  private static final java.util.Set<String> OWN_TYPES =
      java.util.Set.of(
          ConditionType.Ready.name(),
          ConditionType.SpecValid.name(),
          ConditionType.ReferencesResolved.name(),
          ConditionType.Available.name());

  /** Keeps, as they are, the conditions other writers (e.g. the evaluation job) put in status. */
  private static Conditions withForeign(Conditions conditions, AgentWorkflow workflow) {
    for (var condition : previousConditions(workflow)) {
      if (!OWN_TYPES.contains(condition.getType())) {
        conditions.keep(condition);
      }
    }
    return conditions;
  }

  private static AgentWorkflowStatus base(AgentWorkflow workflow) {
    AgentWorkflowStatus previous = workflow.getStatus();
    AgentWorkflowStatus status = new AgentWorkflowStatus();
    status.setObservedGeneration(generation(workflow));
    if (previous != null) {
      status.setEndpoint(previous.getEndpoint());
      status.setActiveRevision(previous.getActiveRevision());
      status.setReadyReplicas(previous.getReadyReplicas());
      status.setPolicyGeneration(previous.getPolicyGeneration());
      status.setEvaluation(
          previous.getEvaluation() == null ? null : SERIALIZATION.clone(previous.getEvaluation()));
      status.setAudit(
          previous.getAudit() == null ? null : SERIALIZATION.clone(previous.getAudit()));
    }
    return status;
  }

  /** The conditions of the workflow's current status; empty before its first status. */
  public static List<io.hubia.api.v1alpha1.status.Condition> previousConditions(
      AgentWorkflow workflow) {
    return workflow.getStatus() == null ? List.of() : workflow.getStatus().getConditions();
  }

  /** The workflow's {@code metadata.generation}, 0 when unset. */
  public static long generation(AgentWorkflow workflow) {
    Long generation = workflow.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static String shortRevision(String hash) {
    if (hash == null) {
      return null;
    }
    return hash.length() > REVISION_LENGTH ? hash.substring(0, REVISION_LENGTH) : hash;
  }
}
