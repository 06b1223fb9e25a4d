package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.hubia.api.v1alpha1.AgentWorkflow;

/**
 * The ServiceAccount of a workflow's pods. The runtime never calls the Kubernetes API, so no token
 * is mounted and no role is bound.
 */
public final class DesiredServiceAccount {
  private DesiredServiceAccount() {}

  public static ServiceAccount of(AgentWorkflow workflow) {
    return new ServiceAccountBuilder()
        .withMetadata(AgentLabels.metadata(workflow, AgentLabels.name(workflow)))
        .withAutomountServiceAccountToken(false)
        .build();
  }
}
