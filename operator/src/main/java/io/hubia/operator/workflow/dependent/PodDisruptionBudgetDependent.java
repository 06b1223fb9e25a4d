package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredPodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The PodDisruptionBudget of a workflow with more than one replica. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependent
    extends CRUDKubernetesDependentResource<PodDisruptionBudget, AgentWorkflow> {
  public PodDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredPodDisruptionBudget.of(workflow);
  }
}
