package io.hubia.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.health.ModelCheckSettings.Readiness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model probe against a loopback server imitating an OpenAI-compatible server ({@code
 * /v1/models}, with an API key) and Ollama ({@code /api/tags}).
 */
class ModelHealthTest {
  private static final String KEY = "sk-test-4242";
  private static final SecretKeyRef KEY_REF = ref("llm-credentials", "api-key");

  private HttpServer server;
  private ExecutorService executor;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<ConfigSnapshot> snapshots = new ArrayList<>();
  private String secret = KEY;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool();
    server.setExecutor(executor);
    server.createContext(
        "/v1/models",
        exchange -> {
          try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + KEY).equals(auth)) {
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            byte[] body =
                "{\"object\":\"list\",\"data\":[{\"id\":\"mistral-small\",\"object\":\"model\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.createContext(
        "/slow/v1/models",
        exchange -> {
          try (exchange) {
            requests.add("GET /slow/v1/models");
            Thread.sleep(5000);
            exchange.sendResponseHeaders(200, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.createContext(
        "/api/tags",
        exchange -> {
          try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] body =
                "{\"models\":[{\"name\":\"llama3:8b\"}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private ModelHealth health(Readiness readiness) {
    return new ModelHealth(
        () -> List.copyOf(snapshots),
        ref -> {
          if (secret == null) {
            throw new IllegalArgumentException(
                "key '" + ref.getKey() + "' of Secret '" + ref.getName() + "' is not set");
          }
          return secret;
        },
        registry,
        Duration.ZERO, // every checkNow probes
        readiness,
        Clock.systemUTC());
  }

  private static SecretKeyRef ref(String name, String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName(name);
    ref.setKey(key);
    return ref;
  }

  private static ModelSpec model(ModelProvider provider, String name, String endpoint) {
    ModelSpec spec = new ModelSpec();
    spec.setProvider(provider);
    spec.setName(name);
    spec.setEndpoint(endpoint);
    return spec;
  }

  private ModelSpec openAi(String name) {
    ModelSpec spec = model(ModelProvider.OpenAICompatible, name, base() + "/v1");
    spec.setApiKeySecretRef(KEY_REF);
    return spec;
  }

  private void serve(String workflow, ModelSpec primary, ModelSpec... fallbacks) {
    RuntimeConfig config = new RuntimeConfig();
    config.getWorkflow().setName(workflow);
    AgentWorkflowSpec spec = new AgentWorkflowSpec();
    spec.setModel(primary);
    spec.setFallbackModels(new ArrayList<>(List.of(fallbacks)));
    config.getWorkflow().setSpec(spec);
    config.getPolicy().setName("p");
    snapshots.add(new ConfigSnapshot(config, "0".repeat(64), Instant.now()));
  }

  private static Map<String, Object> data(HealthCheckResponse response) {
    return response.getData().orElseThrow();
  }

  private double gauge(String model) {
    Gauge gauge = registry.find("hubia.model.reachable").tag("model", model).gauge();
    assertThat(gauge).as("gauge of %s", model).isNotNull();
    return gauge.value();
  }

  @Test
  void anOpenAiCompatibleServerThatListsItsModelsIsReachable() {
    serve("w", openAi("mistral-small"));
    ModelHealth health = health(Readiness.REPORT);
    health.checkNow();

    assertThat(requests).containsExactly("GET /v1/models");
    HealthCheckResponse r = ModelReadinessCheck.check(health.status());
    assertThat(r.getName()).isEqualTo("models");
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data(r))
        .containsEntry("readiness", "report")
        .containsEntry("models", "mistral-small")
        .containsEntry("mistral-small.provider", "OpenAICompatible")
        .containsEntry("mistral-small.endpoint", "127.0.0.1:" + server.getAddress().getPort())
        .containsEntry("mistral-small.reachable", true)
        .containsKey("mistral-small.lastCheck")
        .doesNotContainKey("mistral-small.lastError")
        .doesNotContainKey("degraded");
    assertThat(gauge("mistral-small")).isEqualTo(1.0);
  }

  @Test
  void aRejectedKeyIsUnreachableAndNeverShown() {
    secret = "sk-wrong-secret";
    serve("w", openAi("mistral-small"));
    ModelHealth health = health(Readiness.REPORT);
    health.checkNow();

    HealthCheckResponse r = ModelReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data(r))
        .containsEntry("mistral-small.reachable", false)
        .containsEntry("mistral-small.lastError", "HTTP 401: the API key was rejected")
        .containsEntry("degraded", true);
    assertThat(data(r).toString()).doesNotContain("sk-wrong-secret");
    assertThat(gauge("mistral-small")).isEqualTo(0.0);
  }

  @Test
  void aMissingKeySecretIsReportedWithoutACall() {
    secret = null;
    serve("w", openAi("mistral-small"));
    ModelHealth health = health(Readiness.REPORT);
    health.checkNow();

    assertThat(requests).isEmpty();
    assertThat(data(ModelReadinessCheck.check(health.status())))
        .containsEntry("mistral-small.reachable", false)
        .containsEntry(
            "mistral-small.lastError", "key 'api-key' of Secret 'llm-credentials' is not set");
  }

  @Test
  void aSlowServerIsGivenUpAfterTheModelsTimeout() {
    ModelSpec slow = model(ModelProvider.OpenAICompatible, "slow", base() + "/slow/v1");
    slow.setTimeout("300ms");
    serve("w", slow);
    ModelHealth health = health(Readiness.REPORT);

    long start = System.nanoTime();
    health.checkNow();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(data(ModelReadinessCheck.check(health.status())))
        .containsEntry("slow.reachable", false)
        .containsEntry("slow.lastError", "no answer within 300 ms");
  }

  @Test
  void ollamaIsProbedAtApiTags() {
    serve("w", model(ModelProvider.Ollama, "llama3:8b", base() + "/v1"));
    ModelHealth health = health(Readiness.REQUIRE);
    health.checkNow();

    assertThat(requests).containsExactly("GET /api/tags");
    HealthCheckResponse r = ModelReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data(r)).containsEntry("llama3:8b.reachable", true);
  }

  @Test
  void requireIsDownOnlyWhenNoModelOfAChainIsReachable() {
    ModelSpec down = model(ModelProvider.OpenAICompatible, "down", "http://127.0.0.1:1/v1");
    serve("w", down, openAi("mistral-small"));
    ModelHealth health = health(Readiness.REQUIRE);
    health.checkNow();
    // the fallback answers: the chain can answer
    assertThat(ModelReadinessCheck.check(health.status()).getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);

    secret = "sk-wrong-secret";
    health.checkNow();
    HealthCheckResponse r = ModelReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat((String) data(r).get("reason"))
        .startsWith("workflow w: no model of its chain is reachable (down: unreachable: ")
        .contains("mistral-small: HTTP 401");
    assertThat(gauge("down")).isEqualTo(0.0);
  }

  @Test
  void requireIsDownUntilTheFirstProbe() {
    serve("w", openAi("mistral-small"));
    HealthCheckResponse r = ModelReadinessCheck.check(health(Readiness.REQUIRE).status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data(r)).containsEntry("mistral-small.lastError", "not checked yet");
  }

  @Test
  void aWorkflowWithoutModelIsUpWithModelsNone() {
    RuntimeConfig config = new RuntimeConfig();
    config.getWorkflow().setName("extractive");
    config.getWorkflow().setSpec(new AgentWorkflowSpec());
    config.getPolicy().setName("p");
    snapshots.add(new ConfigSnapshot(config, "0".repeat(64), Instant.now()));
    ModelHealth health = health(Readiness.REQUIRE);
    health.checkNow();

    HealthCheckResponse r = ModelReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data(r)).containsEntry("models", "none");
    assertThat(requests).isEmpty();

    HealthCheckResponse none = ModelReadinessCheck.check(health(Readiness.REQUIRE).status());
    assertThat(none.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void aModelNoLongerServedLosesItsGauge() {
    serve("w", openAi("mistral-small"));
    ModelHealth health = health(Readiness.REPORT);
    health.checkNow();
    assertThat(gauge("mistral-small")).isEqualTo(1.0);

    snapshots.clear();
    health.checkNow();
    assertThat(registry.find("hubia.model.reachable").gauges()).isEmpty();
  }

  @Test
  void probeUrlsFollowTheChatClientsBaseUrl() {
    assertThat(
            ModelHealth.probeUrl(
                    model(ModelProvider.OpenAICompatible, "m", "http://vllm.models.svc:8000/v1"))
                .toString())
        .isEqualTo("http://vllm.models.svc:8000/v1/models");
    assertThat(ModelHealth.probeUrl(model(ModelProvider.MistralAI, "m", null)).toString())
        .isEqualTo("https://api.mistral.ai/v1/models");
    assertThat(
            ModelHealth.probeUrl(model(ModelProvider.MistralAI, "m", "http://mistral.local/"))
                .toString())
        .isEqualTo("http://mistral.local/v1/models");
    assertThat(
            ModelHealth.probeUrl(model(ModelProvider.Ollama, "m", "http://ollama:11434"))
                .toString())
        .isEqualTo("http://ollama:11434/api/tags");
    assertThat(
            ModelHealth.probeUrl(model(ModelProvider.Ollama, "m", "http://ollama:11434/v1/"))
                .toString())
        .isEqualTo("http://ollama:11434/api/tags");
  }

  @Test
  void aSpecWithoutEndpointIsReportedNotProbed() {
    serve("w", model(ModelProvider.OpenAICompatible, "nowhere", null));
    ModelHealth health = health(Readiness.REPORT);
    health.checkNow();
    assertThat(data(ModelReadinessCheck.check(health.status())))
        .containsEntry("nowhere.reachable", false)
        .containsEntry(
            "nowhere.lastError",
            "a OpenAICompatible model needs 'endpoint', the base URL of its server");
  }

  @Test
  void twoModelsOfOneNameAreToldApartByHost() {
    ModelSpec other =
        model(ModelProvider.OpenAICompatible, "mistral-small", "http://127.0.0.1:1/v1");
    serve("w", openAi("mistral-small"), other);
    ModelHealth health = health(Readiness.REPORT);
    health.checkNow();
    Map<String, Object> data = data(ModelReadinessCheck.check(health.status()));
    assertThat(data)
        .containsEntry(
            "mistral-small@127.0.0.1:" + server.getAddress().getPort() + ".reachable", true)
        .containsEntry("mistral-small@127.0.0.1:1.reachable", false);
    // one gauge per name: 0 while one of them is down
    assertThat(gauge("mistral-small")).isEqualTo(0.0);
  }
}
