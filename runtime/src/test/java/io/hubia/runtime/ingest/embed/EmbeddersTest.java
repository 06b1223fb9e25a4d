package io.hubia.runtime.ingest.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hubia.api.v1alpha1.spec.EmbeddingProvider;
import io.hubia.api.v1alpha1.spec.EmbeddingSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Embedders built from specs, and endpoint embedding against a fake OpenAI-compatible server. */
class EmbeddersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int dimension = 4;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getPath());
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          JsonNode request = JSON.readTree(exchange.getRequestBody());
          JsonNode input = request.path("input");
          batchSizes.add(input.size());
          ObjectNode body = JSON.createObjectNode();
          body.put("object", "list");
          body.put("model", request.path("model").asText());
          ArrayNode data = body.putArray("data");
          for (int i = 0; i < input.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            ArrayNode vector = item.putArray("embedding");
            for (int d = 0; d < dimension; d++) {
              vector.add(input.get(i).asText().length() + d);
            }
          }
          body.putObject("usage").put("prompt_tokens", 1).put("total_tokens", 1);
          byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void noSpecMeansTheInProcessModel() {
    Embedder embedder = Embedders.from(null, ref -> null);
    assertThat(embedder).isInstanceOf(InProcessEmbedder.class);
    assertThat(embedder.name()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(embedder.dimension()).isEqualTo(384);
    assertThat(((InProcessEmbedder) embedder).batchSize()).isEqualTo(32);
  }

  @Test
  void inProcessRefusesAnotherDimension() {
    EmbeddingSpec spec = new EmbeddingSpec();
    spec.setProvider(EmbeddingProvider.InProcess);
    spec.setDimension(768);
    assertThatThrownBy(() -> Embedders.from(spec, ref -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("384");
  }

  @Test
  void openAiCompatibleEmbedsInBatchesWithTheApiKey() {
    EmbeddingSpec spec = endpointSpec(EmbeddingProvider.OpenAICompatible, url() + "/v1");
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("embeddings");
    ref.setKey("apiKey");
    spec.setApiKeySecretRef(ref);
    Embedder embedder = Embedders.from(spec, r -> r.getName() + "-secret");

    List<float[]> vectors = embedder.embedAll(List.of("a", "bb", "ccc", "dddd", "eeeee"));

    assertThat(embedder.name()).isEqualTo("e5-fr");
    assertThat(vectors).hasSize(5);
    assertThat(vectors.get(2)).containsExactly(3f, 4f, 5f, 6f);
    assertThat(batchSizes).containsExactly(2, 2, 1);
    assertThat(paths).containsOnly("/v1/embeddings");
    assertThat(authorizations).containsOnly("Bearer embeddings-secret");
  }

  @Test
  void ollamaGoesThroughItsOpenAiCompatibleV1Api() {
    Embedder embedder =
        Embedders.from(endpointSpec(EmbeddingProvider.Ollama, url() + "/"), ref -> null);
    assertThat(((EndpointEmbedder) embedder).baseUrl().toString()).isEqualTo(url() + "/v1");

    assertThat(embedder.embedAll(List.of("un", "deux", "trois"))).hasSize(3);
    assertThat(paths).containsOnly("/v1/embeddings");
  }

  @Test
  void aVectorOfTheWrongSizeIsRefused() {
    dimension = 3;
    Embedder embedder =
        Embedders.from(endpointSpec(EmbeddingProvider.OpenAICompatible, url()), ref -> null);
    assertThatThrownBy(() -> embedder.embedAll(List.of("a")))
        .isInstanceOf(EmbeddingException.class)
        .hasMessageContaining("3 dimensions")
        .hasMessageContaining("4 expected");
  }

  @Test
  void anEndpointNeedsUrlModelAndDimension() {
    EmbeddingSpec spec = new EmbeddingSpec();
    spec.setProvider(EmbeddingProvider.Ollama);
    spec.setModel("nomic-embed-text");
    assertThatThrownBy(() -> Embedders.from(spec, ref -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endpoint");
  }

  @Test
  void aMissingApiKeyIsRefused() {
    EmbeddingSpec spec = endpointSpec(EmbeddingProvider.OpenAICompatible, url());
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("embeddings");
    ref.setKey("apiKey");
    spec.setApiKeySecretRef(ref);
    assertThatThrownBy(() -> Embedders.from(spec, r -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("embeddings/apiKey");
  }

  private static EmbeddingSpec endpointSpec(EmbeddingProvider provider, String endpoint) {
    EmbeddingSpec spec = new EmbeddingSpec();
    spec.setProvider(provider);
    spec.setEndpoint(endpoint);
    spec.setModel("e5-fr");
    spec.setDimension(4);
    spec.setBatchSize(2);
    return spec;
  }
}
