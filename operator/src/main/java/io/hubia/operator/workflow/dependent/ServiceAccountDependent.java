package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ServiceAccount of the workflow's pods. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class ServiceAccountDependent
    extends CRUDKubernetesDependentResource<ServiceAccount, AgentWorkflow> {
  public ServiceAccountDependent() {
    super(ServiceAccount.class);
  }

  @Override
  protected ServiceAccount desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredServiceAccount.of(workflow);
  }
}
