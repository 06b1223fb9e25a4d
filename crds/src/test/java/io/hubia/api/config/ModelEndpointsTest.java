package io.hubia.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelEndpointsTest {
  private static final String DEFAULT = "http://vllm.models.svc:8000/v1";

  private static ModelSpec model(ModelProvider provider, String endpoint) {
    ModelSpec model = new ModelSpec();
    model.setProvider(provider);
    model.setName("m");
    model.setEndpoint(endpoint);
    return model;
  }

  @Test
  void openAiCompatibleAndOllamaModelsWithoutEndpointTakeTheDefault() {
    assertThat(ModelEndpoints.endpoint(model(ModelProvider.OpenAICompatible, null), DEFAULT))
        .isEqualTo(DEFAULT);
    assertThat(ModelEndpoints.endpoint(model(ModelProvider.Ollama, null), DEFAULT))
        .isEqualTo(DEFAULT);
  }

  @Test
  void anExplicitEndpointWins() {
    assertThat(
            ModelEndpoints.endpoint(
                model(ModelProvider.Ollama, "http://ollama.team-a.svc:11434"), DEFAULT))
        .isEqualTo("http://ollama.team-a.svc:11434");
  }

  @Test
  void aMistralModelWithoutEndpointKeepsTheHostedApi() {
    assertThat(ModelEndpoints.endpoint(model(ModelProvider.MistralAI, null), DEFAULT)).isNull();
    assertThat(ModelEndpoints.takesDefault(model(ModelProvider.MistralAI, null))).isFalse();
  }

  @Test
  void missingNamesEveryModelWithoutServerOnlyWhenThereIsNoDefault() {
    AgentWorkflowSpec spec = new AgentWorkflowSpec();
    spec.setModel(model(ModelProvider.Ollama, null));
    spec.getFallbackModels().add(model(ModelProvider.MistralAI, null));
    spec.getFallbackModels().add(model(ModelProvider.OpenAICompatible, "http://x.y.svc/v1"));
    spec.getFallbackModels().add(model(ModelProvider.OpenAICompatible, null));

    assertThat(ModelEndpoints.missing(spec, null))
        .containsExactly("spec.model (Ollama)", "spec.fallbackModels[2] (OpenAICompatible)");
    assertThat(ModelEndpoints.missing(spec, DEFAULT)).isEmpty();
    assertThat(ModelEndpoints.missing(new AgentWorkflowSpec(), null)).as("no model").isEmpty();
  }

  @Test
  void theDefaultIsReadFromTheEnvironmentStrippedAndBlankMeansNone() {
    assertThat(ModelEndpoints.fromEnvironment(Map.of())).isNull();
    assertThat(ModelEndpoints.fromEnvironment(Map.of(ModelEndpoints.ENV, "  "))).isNull();
    assertThat(ModelEndpoints.fromEnvironment(Map.of(ModelEndpoints.ENV, " " + DEFAULT + "\n")))
        .isEqualTo(DEFAULT);
    assertThat(
            ModelEndpoints.fromEnvironment(
                Map.of(ModelEndpoints.ENV, "HTTPS://models.example.org:8443")))
        .isEqualTo("HTTPS://models.example.org:8443");
  }
}
