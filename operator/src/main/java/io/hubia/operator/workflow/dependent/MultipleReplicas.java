package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.DesiredPodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Keeps the PodDisruptionBudget only while the workflow runs more than one replica. */
public class MultipleReplicas implements Condition<PodDisruptionBudget, AgentWorkflow> {
  @Override
  public boolean isMet(
      DependentResource<PodDisruptionBudget, AgentWorkflow> dependentResource,
      AgentWorkflow workflow,
      Context<AgentWorkflow> context) {
    return DesiredPodDisruptionBudget.applies(workflow);
  }
}
