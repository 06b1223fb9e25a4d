package io.hubia.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Local mode applies the default model server as the operator does: HUBIA_MODEL_ENDPOINT. */
class LocalModeModelEndpointTest {
  private static LocalResources withOllamaModelWithoutEndpoint() {
    ModelSpec model = new ModelSpec();
    model.setProvider(ModelProvider.Ollama);
    model.setName("mistral:7b-instruct");
    AgentWorkflowSpec spec = new AgentWorkflowSpec();
    spec.setModel(model);
    AgentWorkflow workflow = new AgentWorkflow();
    workflow.setMetadata(new ObjectMetaBuilder().withName("assistant").build());
    workflow.setSpec(spec);
    return new LocalResources(
        Path.of("."), Map.of(), Map.of(), Map.of("assistant", workflow), List.of());
  }

  @Test
  void aModelWithoutEndpointNeedsTheDefaultModelServer() {
    assertThatThrownBy(() -> LocalMode.checkModelEndpoints(withOllamaModelWithoutEndpoint(), null))
        .isInstanceOfSatisfying(
            LocalResources.InvalidResourcesException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "AgentWorkflow assistant: spec.model (Ollama) names no endpoint: set its"
                            + " endpoint or the environment variable HUBIA_MODEL_ENDPOINT, the"
                            + " default model server"));
    assertThatCode(
            () ->
                LocalMode.checkModelEndpoints(
                    withOllamaModelWithoutEndpoint(), "http://localhost:11434"))
        .doesNotThrowAnyException();
  }

  @Test
  void anInvalidDefaultModelServerIsRefusedBeforeAnythingStarts() {
    LocalMode local =
        new LocalMode(
            new PrintStream(OutputStream.nullOutputStream()),
            Map.of("HUBIA_MODEL_ENDPOINT", "localhost:11434"));

    assertThatThrownBy(() -> local.prepare(new LocalMode.Arguments(Path.of("/nonexistent"), 8080)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HUBIA_MODEL_ENDPOINT 'localhost:11434' is not the base URL");
  }
}
