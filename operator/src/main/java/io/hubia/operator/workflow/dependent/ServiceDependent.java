package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredService;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service in front of the workflow's pods. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class ServiceDependent extends CRUDKubernetesDependentResource<Service, AgentWorkflow> {
  public ServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredService.of(workflow);
  }
}
