package io.hubia.operator.workflow.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ConfigMap with the workflow's rendered runtime configuration. */
@KubernetesDependent(informer = @Informer(labelSelector = AgentLabels.MANAGED_SELECTOR))
public class ConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, AgentWorkflow> {
  public ConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(AgentWorkflow workflow, Context<AgentWorkflow> context) {
    return DesiredConfigMap.of(workflow, DesiredStateInputs.from(context).rendered());
  }
}
