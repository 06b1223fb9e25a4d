package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;

/** The ConfigMap holding a workflow's rendered runtime configuration. */
public final class DesiredConfigMap {
  private DesiredConfigMap() {}

  public static ConfigMap of(AgentWorkflow workflow, RenderedConfig rendered) {
    return new ConfigMapBuilder()
        .withMetadata(AgentLabels.metadata(workflow, AgentLabels.configMapName(workflow)))
        .editMetadata()
        .addToAnnotations(AgentLabels.CONFIG_HASH_ANNOTATION, rendered.hash())
        .endMetadata()
        .addToData(RuntimeConfig.FILE_NAME, rendered.yaml())
        .build();
  }
}
