package io.hubia.runtime.ingest.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An embedding model behind an HTTP endpoint that speaks the OpenAI {@code /embeddings} API: OpenAI
 * itself, vLLM, TEI, LocalAI... and Ollama through its OpenAI-compatible {@code /v1} API (see
 * {@link #ollama}). Texts are sent {@code batchSize} at a time; every vector must have the declared
 * dimension.
 */
public final class EndpointEmbedder extends BatchingEmbedder {

  /** Tokens assumed readable by an endpoint model: the common 512 of BERT-style models. */
  public static final int DEFAULT_WINDOW = 512;

  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final int MAX_RETRIES = 2;

  private final URI baseUrl;
  private final EmbeddingModel model;

  private EndpointEmbedder(
      URI baseUrl, String apiKey, String modelName, int dimension, int batchSize) {
    super(modelName, dimension, batchSize);
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.model =
        OpenAiEmbeddingModel.builder()
            .baseUrl(baseUrl.toString())
            // Servers without authentication ignore it; langchain4j wants a value.
            .apiKey(apiKey == null || apiKey.isBlank() ? "none" : apiKey)
            .modelName(modelName)
            // Not .dimensions(): most servers refuse or ignore it; the size is checked instead.
            .maxSegmentsPerBatch(batchSize)
            .timeout(TIMEOUT)
            .maxRetries(MAX_RETRIES)
            .build();
  }

  /**
   * An OpenAI-compatible endpoint; {@code baseUrl} is the URL that {@code /embeddings} is appended
   * to (e.g. {@code https://api.openai.com/v1}).
   */
  public static EndpointEmbedder openAiCompatible(
      String baseUrl, String apiKey, String model, int dimension, int batchSize) {
    return new EndpointEmbedder(uri(baseUrl), apiKey, model, dimension, batchSize);
  }

  /**
   * An Ollama server at {@code baseUrl} (e.g. {@code http://ollama:11434}), through its
   * OpenAI-compatible API under {@code /v1} (appended unless already there).
   */
  public static EndpointEmbedder ollama(
      String baseUrl, String apiKey, String model, int dimension, int batchSize) {
    return new EndpointEmbedder(ollamaV1(baseUrl), apiKey, model, dimension, batchSize);
  }

  static URI ollamaV1(String baseUrl) {
    String url = uri(baseUrl).toString().replaceAll("/+$", "");
    return URI.create(url.endsWith("/v1") ? url : url + "/v1");
  }

  /** The URL {@code /embeddings} is appended to. */
  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public int window() {
    return DEFAULT_WINDOW;
  }

  @Override
  EmbeddingModel model() {
    return model;
  }

  private static URI uri(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("an embedding endpoint needs a URL");
    }
    URI uri = URI.create(url.strip());
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("embedding endpoint must be http(s), not " + url);
    }
    return uri;
  }
}
