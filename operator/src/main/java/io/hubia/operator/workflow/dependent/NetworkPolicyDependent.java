package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredNetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The NetworkPolicy limiting the workflow's pods to the traffic they need. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class NetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, AgentWorkflow> {
  public NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredNetworkPolicy.of(workflow, DesiredStateInputs.from(context).settings());
  }
}
