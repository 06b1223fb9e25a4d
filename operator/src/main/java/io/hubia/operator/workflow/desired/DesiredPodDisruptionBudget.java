package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.hubia.api.v1alpha1.AgentWorkflow;

/** Keeps all but one pod of a multi-replica workflow up through voluntary disruptions. */
public final class DesiredPodDisruptionBudget {
  private DesiredPodDisruptionBudget() {}

  /** Whether the workflow gets a budget: only with more than one replica. */
  public static boolean applies(AgentWorkflow workflow) {
    return DesiredDeployment.replicas(workflow) > 1;
  }

  public static PodDisruptionBudget of(AgentWorkflow workflow) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(AgentLabels.metadata(workflow, AgentLabels.name(workflow)))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(AgentLabels.selector(workflow))
        .endSelector()
        .endSpec()
        .build();
  }
}
