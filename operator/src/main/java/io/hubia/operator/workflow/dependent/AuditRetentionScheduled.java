package io.hubia.operator.workflow.dependent;

import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.DesiredAuditRetention;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Keeps the audit retention CronJob and its NetworkPolicy only while the policy sets {@code
 * audit.retentionDays} and the operator names a retention Secret; otherwise they are deleted.
 */
public class AuditRetentionScheduled<R> implements Condition<R, AgentWorkflow> {
  @Override
  public boolean isMet(
      DependentResource<R, AgentWorkflow> dependentResource,
      AgentWorkflow workflow,
      Context<AgentWorkflow> context) {
    DesiredStateInputs inputs = DesiredStateInputs.from(context);
    return DesiredAuditRetention.applies(inputs.rendered(), inputs.settings());
  }
}
