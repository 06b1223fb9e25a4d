package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.hubia.api.v1alpha1.AgentWorkflow;

/** The ClusterIP Service in front of a workflow's pods. */
public final class DesiredService {
  private DesiredService() {}

  public static Service of(AgentWorkflow workflow) {
    return new ServiceBuilder()
        .withMetadata(AgentLabels.metadata(workflow, AgentLabels.name(workflow)))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(AgentLabels.selector(workflow))
        .addNewPort()
        .withName("http")
        .withProtocol("TCP")
        .withPort(AgentLabels.HTTP_PORT)
        .withNewTargetPort("http")
        .endPort()
        .endSpec()
        .build();
  }
}
