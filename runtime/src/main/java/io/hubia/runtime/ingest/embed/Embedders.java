package io.hubia.runtime.ingest.embed;

import io.hubia.api.v1alpha1.spec.EmbeddingProvider;
import io.hubia.api.v1alpha1.spec.EmbeddingSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import java.util.function.Function;

/** Builds the {@link Embedder} a RetrievalIndex's {@code spec.embedding} asks for. */
public final class Embedders {

  /** Texts per call when {@code batchSize} is not set. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private Embedders() {}

  /**
   * The embedder of {@code spec}: the in-process all-MiniLM-L6-v2 when {@code spec} is null or
   * InProcess; an endpoint otherwise.
   *
   * @param secrets reads the value of a Secret key (the endpoint's API key); not called when no
   *     {@code apiKeySecretRef} is set
   * @throws IllegalArgumentException when an endpoint lacks its URL, model or dimension, or an
   *     InProcess spec asks for another dimension than 384
   */
  public static Embedder from(EmbeddingSpec spec, Function<SecretKeyRef, String> secrets) {
    int batchSize =
        spec == null || spec.getBatchSize() == null ? DEFAULT_BATCH_SIZE : spec.getBatchSize();
    EmbeddingProvider provider =
        spec == null || spec.getProvider() == null
            ? EmbeddingProvider.InProcess
            : spec.getProvider();
    if (provider == EmbeddingProvider.InProcess) {
      if (spec != null
          && spec.getDimension() != null
          && spec.getDimension() != InProcessEmbedder.DIMENSION) {
        throw new IllegalArgumentException(
            "the InProcess model "
                + InProcessEmbedder.MODEL_NAME
                + " has "
                + InProcessEmbedder.DIMENSION
                + " dimensions, not "
                + spec.getDimension());
      }
      if (spec != null
          && spec.getModel() != null
          && !spec.getModel().isBlank()
          && !spec.getModel().equalsIgnoreCase(InProcessEmbedder.MODEL_NAME)) {
        throw new IllegalArgumentException(
            "the InProcess provider runs "
                + InProcessEmbedder.MODEL_NAME
                + " only, not "
                + spec.getModel());
      }
      return new InProcessEmbedder(batchSize);
    }
    if (spec.getEndpoint() == null || spec.getModel() == null || spec.getDimension() == null) {
      throw new IllegalArgumentException(
          "an " + provider + " embedding needs 'endpoint', 'model' and 'dimension'");
    }
    String apiKey = null;
    if (spec.getApiKeySecretRef() != null) {
      apiKey = secrets.apply(spec.getApiKeySecretRef());
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException(
            "the API key Secret "
                + spec.getApiKeySecretRef().getName()
                + "/"
                + spec.getApiKeySecretRef().getKey()
                + " is missing or empty");
      }
    }
    return switch (provider) {
      case OpenAICompatible ->
          EndpointEmbedder.openAiCompatible(
              spec.getEndpoint(), apiKey, spec.getModel(), spec.getDimension(), batchSize);
      case Ollama ->
          EndpointEmbedder.ollama(
              spec.getEndpoint(), apiKey, spec.getModel(), spec.getDimension(), batchSize);
      case InProcess -> throw new IllegalStateException("handled above");
    };
  }
}
