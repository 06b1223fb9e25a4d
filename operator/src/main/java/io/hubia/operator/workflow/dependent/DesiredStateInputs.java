package io.hubia.operator.workflow.dependent;

import io.hubia.api.config.RenderedConfig;
import io.hubia.operator.OperatorSettings;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What the reconciler resolved for one pass, handed to the dependents through the workflow context
 * so that every dependent renders from the same inputs.
 *
 * @param rendered the configuration the serving pods run: the latest, or with an evaluation gate
 *     the last revision that passed
 * @param serving false while, with an evaluation gate, no revision has passed yet: the serving
 *     ConfigMap and Deployment then do not exist
 */
public record DesiredStateInputs(
    RenderedConfig rendered, boolean serving, OperatorSettings settings) {
  private static final String KEY = DesiredStateInputs.class.getName();

  /** Stores the inputs of this pass in the context. */
  public void putInto(Context<?> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /** Reads the inputs of this pass from the context. */
  public static DesiredStateInputs from(Context<?> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, DesiredStateInputs.class);
  }
}
