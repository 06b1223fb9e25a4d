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

/** The embedding model; its name and dimension are recorded in the index. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "self.provider == 'InProcess' || (has(self.endpoint) && has(self.model) && has(self.dimension))",
    message =
        "an OpenAICompatible or Ollama embedding needs 'endpoint', 'model' and 'dimension'"
            + " (the model's vector size)")
@ValidationRule(
    value = "self.provider != 'InProcess' || (!has(self.endpoint) && !has(self.apiKeySecretRef))",
    message = "the InProcess embedding model takes no 'endpoint' or 'apiKeySecretRef'")
public class EmbeddingSpec {
  @Required
  @JsonPropertyDescription("InProcess (all-MiniLM-L6-v2), OpenAICompatible or Ollama.")
  private EmbeddingProvider provider;

  @Size(max = 200)
  @JsonPropertyDescription(
      "Model name at the endpoint. For InProcess it is all-MiniLM-L6-v2 and may be omitted.")
  private String model;

  @Pattern(Patterns.HTTP_URL)
  @Size(max = 2048)
  @JsonPropertyDescription("Base URL of the embedding server.")
  private String endpoint;

  @JsonPropertyDescription("Secret key holding the endpoint's API key.")
  private SecretKeyRef apiKeySecretRef;

  @Min(8)
  @Max(8192)
  @JsonPropertyDescription(
      "Vector dimension of the model (384 for InProcess). A mismatch with the index is refused.")
  private Integer dimension;

  @Min(1)
  @Max(512)
  @JsonPropertyDescription("Texts embedded per call. Defaults to 32.")
  private Integer batchSize;
}
