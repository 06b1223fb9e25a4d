package io.hubia.operator.workflow.desired;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;
import io.hubia.api.v1alpha1.AgentWorkflow;

/** The Prometheus Operator ServiceMonitor that scrapes a workflow's runtime metrics. */
public final class DesiredServiceMonitor {
  private DesiredServiceMonitor() {}

  public static ServiceMonitor of(AgentWorkflow workflow) {
    return new ServiceMonitorBuilder()
        .withMetadata(AgentLabels.metadata(workflow, AgentLabels.name(workflow)))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(AgentLabels.selector(workflow))
        .endSelector()
        .addNewEndpoint()
        .withPort("http")
        .withPath("/q/metrics")
        .withInterval("30s")
        .endEndpoint()
        .endSpec()
        .build();
  }
}
