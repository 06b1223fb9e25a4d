package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredPodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The PodDisruptionBudget of a workflow with more than one replica. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependent
    extends CRUDKubernetesDependentResource<PodDisruptionBudget, AgentWorkflow> {
  public PodDisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  /**
   * Values must be equal, not merely contained: with server-side apply off, the generic matcher
   * would otherwise never notice a removed rule. The API server defaults nothing in this spec that
   * the desired object leaves out.
   */
  @Override
  public Matcher.Result<PodDisruptionBudget> match(
      PodDisruptionBudget actual, AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return GenericKubernetesResourceMatcher.match(
        desired(workflow, context), actual, false, true, context);
  }

  @Override
  protected PodDisruptionBudget desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredPodDisruptionBudget.of(workflow);
  }
}
