package io.hubia.operator.workflow.dependent;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredServiceMonitor;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ServiceMonitor of the workflow, created only where the Prometheus Operator's CRD exists. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class ServiceMonitorDependent
    extends CRUDKubernetesDependentResource<ServiceMonitor, AgentWorkflow> {
  public ServiceMonitorDependent() {
    super(ServiceMonitor.class);
  }

  @Override
  protected ServiceMonitor desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredServiceMonitor.of(workflow);
  }
}
