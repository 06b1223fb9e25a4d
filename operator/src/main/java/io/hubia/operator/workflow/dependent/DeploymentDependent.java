package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredDeployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Deployment of the workflow's runtime pods. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class DeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, AgentWorkflow> {
  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    DesiredStateInputs inputs = DesiredStateInputs.from(context);
    return DesiredDeployment.of(workflow, inputs.rendered(), inputs.settings());
  }
}
