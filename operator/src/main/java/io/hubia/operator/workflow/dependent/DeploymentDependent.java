package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredDeployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Objects;

/** The Deployment of the workflow's runtime pods. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class DeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, AgentWorkflow> {
  public DeploymentDependent() {
    super(Deployment.class);
  }

  /**
   * The generic matcher only checks that desired values are contained in the actual object (the API
   * server adds defaults), so it misses removals. Environment variables and resources, which the
   * server does not default, must be equal as well.
   */
  @Override
  public Matcher.Result<Deployment> match(
      Deployment actual, AgentWorkflow workflow, Context<AgentWorkflow> context) {
    Deployment desired = desired(workflow, context);
    Matcher.Result<Deployment> generic =
        GenericKubernetesResourceMatcher.match(desired, actual, false, false, context);
    var wanted = desired.getSpec().getTemplate().getSpec().getContainers().get(0);
    var running = actual.getSpec().getTemplate().getSpec().getContainers().get(0);
    boolean same =
        generic.matched()
            && Objects.equals(wanted.getEnv(), running.getEnv())
            && Objects.equals(wanted.getResources(), running.getResources());
    return Matcher.Result.computed(same, desired);
  }

  @Override
  protected Deployment desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    DesiredStateInputs inputs = DesiredStateInputs.from(context);
    return DesiredDeployment.of(workflow, inputs.rendered(), inputs.settings());
  }
}
