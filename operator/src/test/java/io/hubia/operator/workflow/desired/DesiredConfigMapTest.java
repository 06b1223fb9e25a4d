package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.ExampleResources;
import org.junit.jupiter.api.Test;

class DesiredConfigMapTest {
  private final AgentWorkflow workflow = ExampleResources.workflow();
  private final RenderedConfig rendered =
      RuntimeConfigRenderer.render(
          workflow,
          ExampleResources.references().policy(),
          ExampleResources.references().indexes(),
          ExampleResources.settings().platform());
  private final ConfigMap configMap = DesiredConfigMap.of(workflow, rendered);

  @Test
  void namedAfterTheWorkflowAndLabelledLikeIt() {
    assertThat(configMap.getMetadata().getName()).isEqualTo("assistant-config");
    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(configMap.getMetadata().getLabels()).isEqualTo(AgentLabels.labels(workflow));
  }

  @Test
  void holdsTheRenderedYamlUnderTheFileNameTheRuntimeReads() {
    assertThat(configMap.getData()).containsOnlyKeys("hubia-runtime.yaml");
    assertThat(configMap.getData().get(RuntimeConfig.FILE_NAME)).isEqualTo(rendered.yaml());
  }

  @Test
  void theYamlReadsBackAsTheRenderedConfiguration() {
    RuntimeConfig read =
        Serialization.unmarshal(
            configMap.getData().get(RuntimeConfig.FILE_NAME), RuntimeConfig.class);

    assertThat(read).isEqualTo(rendered.config());
    assertThat(read.getWorkflow().getName()).isEqualTo("assistant");
    assertThat(read.getPolicy().getName()).isEqualTo("federation");
  }

  @Test
  void carriesTheConfigHashOfItsContent() {
    assertThat(configMap.getMetadata().getAnnotations())
        .containsEntry(AgentLabels.CONFIG_HASH_ANNOTATION, rendered.hash());
  }
}
