package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredAuditRetention;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The NetworkPolicy of the audit retention pods: DNS and the audit database only. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class AuditRetentionNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, AgentWorkflow> {
  public AuditRetentionNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  /** Values must be equal, as for the runtime's NetworkPolicy ({@link NetworkPolicyDependent}). */
  @Override
  public Matcher.Result<NetworkPolicy> match(
      NetworkPolicy actual, AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return GenericKubernetesResourceMatcher.match(
        desired(workflow, context), actual, false, true, context);
  }

  @Override
  protected NetworkPolicy desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredAuditRetention.networkPolicy(
        workflow, DesiredStateInputs.from(context).settings());
  }
}
