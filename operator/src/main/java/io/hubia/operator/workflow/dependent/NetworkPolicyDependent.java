package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredNetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The NetworkPolicy limiting the workflow's pods to the traffic they need. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class NetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, AgentWorkflow> {
  public NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  /**
   * Values must be equal, not merely contained: with server-side apply off, the generic matcher
   * would otherwise never notice a removed rule. The API server defaults nothing in this spec that
   * the desired object leaves out.
   */
  @Override
  public Matcher.Result<NetworkPolicy> match(
      NetworkPolicy actual, AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return GenericKubernetesResourceMatcher.match(
        desired(workflow, context), actual, false, true, context);
  }

  @Override
  protected NetworkPolicy desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredNetworkPolicy.of(workflow, DesiredStateInputs.from(context).settings());
  }
}
