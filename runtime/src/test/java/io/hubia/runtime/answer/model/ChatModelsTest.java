package io.hubia.runtime.answer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatModelsTest {

  private static ModelSpec spec(ModelProvider provider, String endpoint) {
    ModelSpec spec = new ModelSpec();
    spec.setProvider(provider);
    spec.setName("mistral-small-latest");
    spec.setEndpoint(endpoint);
    return spec;
  }

  @Test
  void baseUrlsPerProvider() {
    assertThat(ChatModels.baseUrl(spec(ModelProvider.OpenAICompatible, "http://vllm:8000/v1")))
        .hasToString("http://vllm:8000/v1");
    assertThat(ChatModels.baseUrl(spec(ModelProvider.Ollama, "http://ollama:11434/")))
        .hasToString("http://ollama:11434/v1");
    assertThat(ChatModels.baseUrl(spec(ModelProvider.Ollama, "http://ollama:11434/v1")))
        .hasToString("http://ollama:11434/v1");
    assertThat(ChatModels.baseUrl(spec(ModelProvider.MistralAI, null)))
        .hasToString("https://api.mistral.ai/v1");
    assertThat(ChatModels.baseUrl(spec(ModelProvider.MistralAI, "https://mistral.interne:8443")))
        .hasToString("https://mistral.interne:8443/v1");
  }

  @Test
  void endpointsAreRequiredAndHttp() {
    assertThatThrownBy(() -> ChatModels.baseUrl(spec(ModelProvider.OpenAICompatible, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 'endpoint'");
    assertThatThrownBy(() -> ChatModels.baseUrl(spec(ModelProvider.Ollama, "ftp://ollama/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s)");
  }

  @Test
  void defaultsFollowTheSpec() {
    ModelSpec spec = spec(ModelProvider.OpenAICompatible, "http://vllm:8000/v1");
    assertThat(ChatModels.timeout(spec)).isEqualTo(Duration.ofSeconds(60));
    assertThat(ChatModels.maxRetries(spec)).isEqualTo(1);
    assertThat(ChatModels.temperature(spec)).isEqualTo(0.0);
    assertThat(ChatModels.maxTokens(spec)).isEqualTo(1024);
    spec.setTimeout("1m30s");
    spec.setMaxRetries(0);
    assertThat(ChatModels.timeout(spec)).isEqualTo(Duration.ofSeconds(90));
    assertThat(ChatModels.maxRetries(spec)).isZero();
  }

  @Test
  void theClientCarriesNameTemperatureAndMaxTokens() {
    ModelSpec spec = spec(ModelProvider.OpenAICompatible, "http://vllm:8000/v1");
    spec.setTemperature(0.2);
    spec.setMaxTokens(512);
    ChatRequestParameters parameters =
        ChatModels.build(spec, ref -> null).defaultRequestParameters();
    assertThat(parameters.modelName()).isEqualTo("mistral-small-latest");
    assertThat(parameters.temperature()).isEqualTo(0.2);
    assertThat(parameters.maxOutputTokens()).isEqualTo(512);
  }

  @Test
  void aMissingApiKeyIsNamedNeverShown() {
    ModelSpec spec = spec(ModelProvider.MistralAI, null);
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("mistral");
    ref.setKey("apiKey");
    spec.setApiKeySecretRef(ref);
    assertThatThrownBy(() -> ChatModels.build(spec, r -> "  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the API key Secret mistral/apiKey is missing or empty");
  }

  @Test
  void theDeadlinePassesAnswersAndFailuresThrough() {
    ChatModel fast =
        ChatModels.withDeadline(
            ReplayingChatModel.fromResource("answer/model/correct-cited.json"),
            Duration.ofSeconds(5));
    ChatRequest request =
        ChatRequest.builder()
            .messages(UserMessage.from("Question : " + Samples.DUREE_CADRE))
            .build();
    assertThat(fast.chat(request).aiMessage().text()).contains("quatre mois");

    ChatModel failing =
        ChatModels.withDeadline(
            ReplayingChatModel.fromResource("answer/model/http-500.json"), Duration.ofSeconds(5));
    assertThatThrownBy(() -> failing.chat(request)).isInstanceOf(InternalServerException.class);
  }
}
