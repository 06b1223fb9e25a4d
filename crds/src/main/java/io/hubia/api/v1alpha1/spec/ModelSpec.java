package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/**
 * A chat model the agent may call. An OpenAICompatible or Ollama model may leave out {@code
 * endpoint}: the installation's default model server is then used (never written into the spec).
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.provider != 'MistralAI' || has(self.apiKeySecretRef) || has(self.endpoint)",
    message =
        "a MistralAI model needs 'apiKeySecretRef' (the hosted API) or 'endpoint' (a self-hosted"
            + " deployment)")
public class ModelSpec {
  @Required
  @JsonPropertyDescription(
      "Protocol of the model server: OpenAICompatible (vLLM, LocalAI, European providers), Ollama"
          + " or MistralAI.")
  private ModelProvider provider;

  @Required
  @Size(min = 1, max = 200)
  @JsonPropertyDescription("Model name as the server knows it, e.g. mistral-small-latest.")
  private String name;

  @Pattern(Patterns.HTTP_URL)
  @Size(max = 2048)
  @JsonPropertyDescription(
      "Base URL of the model server. For OpenAICompatible and Ollama it defaults to the"
          + " operator's default model server (HUBIA_MODEL_ENDPOINT, Helm value model.endpoint);"
          + " without one the workflow is not Ready (ModelEndpointMissing). For MistralAI it"
          + " defaults to the hosted API.")
  private String endpoint;

  @JsonPropertyDescription(
      "Secret key holding the API key sent as a bearer token. Never copied into status, logs or"
          + " audit.")
  private SecretKeyRef apiKeySecretRef;

  @JsonPropertyDescription(
      "Where the model runs. Policy model rules use it to decide which data sensitivities the"
          + " model may receive. Defaults to External, the cautious choice.")
  private ModelHosting hosting;

  @Min(0)
  @Max(2)
  @JsonPropertyDescription("Sampling temperature, 0 to 2. Defaults to 0 (deterministic answers).")
  private Double temperature;

  @Min(1)
  @Max(32768)
  @JsonPropertyDescription("Maximum tokens in one completion. Defaults to 1024.")
  private Integer maxTokens;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription("Timeout of one model call, e.g. 30s. Defaults to 60s.")
  private String timeout;

  @Min(0)
  @Max(5)
  @JsonPropertyDescription(
      "Retries of a failed call before the next fallback model. Defaults to 1.")
  private Integer maxRetries;
}
