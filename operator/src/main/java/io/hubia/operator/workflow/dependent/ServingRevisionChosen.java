package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * The serving ConfigMap and Deployment exist only once a revision may serve: always without an
 * evaluation gate, after the first passed evaluation with one.
 */
public class ServingRevisionChosen implements Condition<HasMetadata, AgentWorkflow> {
  @Override
  public boolean isMet(
      DependentResource<HasMetadata, AgentWorkflow> dependentResource,
      AgentWorkflow workflow,
      Context<AgentWorkflow> context) {
    return DesiredStateInputs.from(context).serving();
  }
}
