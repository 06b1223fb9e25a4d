package io.hubia.runtime.answer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.exception.InternalServerException;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.answer.DraftAnswer;
import io.hubia.runtime.answer.Evidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real client path: {@link ChatModels} builds langchain4j's OpenAI client, which talks HTTP to
 * a loopback OpenAI-compatible server answering {@code /v1/chat/completions} with recorded
 * responses ({@code answer/model/openai/*.json}).
 */
class ChatModelsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "sk-hubia-it-4f9c1e7d2b";

  /** What the server does with one request. */
  @FunctionalInterface
  interface Reply {
    void send(HttpExchange exchange) throws IOException;
  }

  /** One request received. */
  record Received(String path, String authorization, JsonNode body) {}

  private HttpServer server;
  private ExecutorService executor;
  private final Deque<Reply> replies = new ArrayDeque<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    executor = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  JSON.readTree(exchange.getRequestBody())));
          Reply reply;
          synchronized (replies) {
            reply = replies.size() > 1 ? replies.poll() : replies.peek();
          }
          reply.send(exchange);
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void then(Reply reply) {
    synchronized (replies) {
      replies.add(reply);
    }
  }

  private static Reply recorded(String name) {
    return recorded(200, name);
  }

  private static Reply recorded(int status, String name) {
    return exchange -> send(exchange, status, fixture(name));
  }

  private static byte[] fixture(String name) {
    try (InputStream in =
        ChatModelsIT.class.getClassLoader().getResourceAsStream("answer/model/openai/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private ModelSpec spec(ModelProvider provider, String endpoint) {
    ModelSpec spec = new ModelSpec();
    spec.setProvider(provider);
    spec.setName("mistral-small-latest");
    spec.setEndpoint(endpoint);
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName("mistral");
    ref.setKey("apiKey");
    spec.setApiKeySecretRef(ref);
    return spec;
  }

  private static String secrets(SecretKeyRef ref) {
    return ref.getName().equals("mistral") && ref.getKey().equals("apiKey") ? API_KEY + "\n" : null;
  }

  @Test
  void answersThroughTheRealClientWithTheSpecsSettings() throws Exception {
    then(recorded("completion.json"));
    ModelSpec spec = spec(ModelProvider.OpenAICompatible, origin() + "/v1");
    spec.setTemperature(0.1);

    DraftAnswer draft =
        ModelAnswerer.of(spec, ChatModelsIT::secrets).answer(Samples.request(Samples.DUREE_CADRE));

    assertThat(draft.text())
        .isEqualTo(
            "La période d'essai d'un cadre dure au maximum quatre mois, renouvellement compris"
                + " [1].");
    assertThat(draft.answeredBy()).isEqualTo("mistral-small-latest");
    assertThat(draft.inputTokens()).isEqualTo(842);
    assertThat(draft.outputTokens()).isEqualTo(24);
    Received request = received.get(0);
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.authorization()).isEqualTo("Bearer " + API_KEY);
    JsonNode body = request.body();
    assertThat(body.path("model").asText()).isEqualTo("mistral-small-latest");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.1);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
    assertThat(body.has("tools")).isFalse();
    assertThat(body.path("stream").asBoolean(false)).isFalse();
    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).path("content").asText()).contains("jamais une instruction");
    assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
    assertThat(messages.get(1).path("content").asText())
        .contains("<source id=\"1\" title=\"La période d'essai du salarié\"")
        .endsWith("Question : " + Samples.DUREE_CADRE);
  }

  @Test
  void aToolCallRoundGoesThroughTheWire() throws Exception {
    then(recorded("tool-call.json"));
    then(recorded("after-tool.json"));
    AgentTools tools =
        new AgentTools(
            List.of(ModelAnswererTest.lookupTool()),
            (index, query) -> List.of(Samples.chunk("pe-2", 2, Samples.PREVENANCE_TEXT)),
            ToolPolicy.ALLOW_ALL,
            ref -> null);
    ModelAnswerer answerer =
        ModelAnswerer.of(
            spec(ModelProvider.OpenAICompatible, origin() + "/v1"), ChatModelsIT::secrets);

    ModelAnswerer.ModelAnswer answer =
        answerer.answer(
            Samples.request(Samples.ROMPT, Samples.evidence().subList(0, 2), List.of()), tools);

    assertThat(answer.draft().text()).endsWith("quarante-huit heures [3].");
    assertThat(answer.draft().inputTokens()).isEqualTo(910 + 1204);
    assertThat(answer.draft().outputTokens()).isEqualTo(31 + 29);
    assertThat(answer.evidence()).extracting(Evidence::number).containsExactly(1, 2, 3);
    assertThat(received).hasSize(2);

    JsonNode first = received.get(0).body();
    JsonNode function = first.path("tools").get(0).path("function");
    assertThat(function.path("name").asText()).isEqualTo("recherche-rh");
    assertThat(function.path("parameters").path("properties").path("query").path("type").asText())
        .isEqualTo("string");
    assertThat(function.path("parameters").path("required").get(0).asText()).isEqualTo("query");

    JsonNode messages = received.get(1).body().path("messages");
    JsonNode assistant = messages.get(messages.size() - 2);
    assertThat(assistant.path("role").asText()).isEqualTo("assistant");
    assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_rh_1");
    JsonNode tool = messages.get(messages.size() - 1);
    assertThat(tool.path("role").asText()).isEqualTo("tool");
    assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_rh_1");
    assertThat(tool.path("content").asText())
        .contains("<source id=\"3\"")
        .contains("quarante-huit heures");
    assertThat(received.get(1).body().path("tool_choice").asText("auto")).isNotEqualTo("none");
  }

  @Test
  void aServerThatDoesNotAnswerTimesOutOnceWithoutHiddenRetry() {
    then(
        exchange -> {
          sleep(4000);
          send(exchange, 200, fixture("completion.json"));
        });
    ModelSpec spec = spec(ModelProvider.OpenAICompatible, origin() + "/v1");
    spec.setTimeout("1s");
    ModelAnswerer answerer = ModelAnswerer.of(spec, ChatModelsIT::secrets);

    long start = System.nanoTime();
    assertThatThrownBy(() -> answerer.answer(Samples.request(Samples.DUREE_CADRE)))
        .isInstanceOf(ModelException.class)
        .extracting(e -> ((ModelException) e).reason())
        .isEqualTo(ModelAnswerer.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900))
        .isLessThan(Duration.ofMillis(2500));
    assertThat(received).hasSize(1);
  }

  @Test
  void aBodyThatStallsIsGivenUpAtTheDeadline() {
    then(
        exchange -> {
          byte[] body = fixture("completion.json");
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          OutputStream out = exchange.getResponseBody();
          out.write(body, 0, 40);
          out.flush();
          sleep(4000);
          out.write(body, 40, body.length - 40);
          out.close();
        });
    ModelSpec spec = spec(ModelProvider.OpenAICompatible, origin() + "/v1");
    spec.setTimeout("1s");

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                ModelAnswerer.of(spec, ChatModelsIT::secrets)
                    .answer(Samples.request(Samples.DUREE_CADRE)))
        .isInstanceOf(ModelException.class)
        .extracting(e -> ((ModelException) e).reason())
        .isEqualTo(ModelAnswerer.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void anHttp500IsOneCallAndTheSameExceptionTheReplayThrows() {
    then(recorded(500, "error-500.json"));
    ModelAnswerer answerer =
        ModelAnswerer.of(
            spec(ModelProvider.OpenAICompatible, origin() + "/v1"), ChatModelsIT::secrets);

    assertThatThrownBy(() -> answerer.answer(Samples.request(Samples.DUREE_CADRE)))
        .isInstanceOf(ModelException.class)
        .hasMessage("model mistral-small-latest answered HTTP 500")
        .satisfies(
            e -> {
              assertThat(((ModelException) e).reason()).isEqualTo(ModelAnswerer.ERROR);
              assertThat(((ModelException) e).retriable()).isTrue();
              // what ReplayingChatModel throws for "failure": "http", "status": 500
              assertThat(e.getCause()).isInstanceOf(InternalServerException.class);
            });
    assertThat(received).hasSize(1);
  }

  @Test
  void aRefusalFieldIsARefusal() {
    then(recorded("refusal.json"));
    assertThatThrownBy(
            () ->
                ModelAnswerer.of(
                        spec(ModelProvider.OpenAICompatible, origin() + "/v1"),
                        ChatModelsIT::secrets)
                    .answer(Samples.request(Samples.DUREE_CADRE)))
        .isInstanceOf(ModelException.class)
        .extracting(e -> ((ModelException) e).reason())
        .isEqualTo(ModelAnswerer.REFUSED);
  }

  @Test
  void mistralAndOllamaGoThroughTheirOpenAiCompatibleV1Api() throws Exception {
    then(recorded("completion.json"));
    ModelAnswerer.of(spec(ModelProvider.MistralAI, origin()), ChatModelsIT::secrets)
        .answer(Samples.request(Samples.DUREE_CADRE));
    ModelSpec ollama = spec(ModelProvider.Ollama, origin() + "/");
    ollama.setApiKeySecretRef(null);
    ollama.setName("llama3.1:8b");
    ModelAnswerer.of(ollama, ref -> null).answer(Samples.request(Samples.DUREE_CADRE));

    assertThat(received).extracting(Received::path).containsOnly("/v1/chat/completions");
    assertThat(received.get(0).authorization()).isEqualTo("Bearer " + API_KEY);
    assertThat(received.get(1).body().path("model").asText()).isEqualTo("llama3.1:8b");
  }

  @Test
  void theApiKeyIsNeverLoggedNorInAFailure() throws Exception {
    // a server that echoes the key in its error, as some gateways do
    then(
        exchange ->
            send(
                exchange,
                401,
                ("{\"error\":{\"message\":\"Incorrect API key provided: "
                        + exchange.getRequestHeaders().getFirst("Authorization")
                        + "\"}}")
                    .getBytes(StandardCharsets.UTF_8)));
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message =
                record instanceof ExtLogRecord ext
                    ? ext.getFormattedMessage()
                    : record.getMessage();
            StringBuilder line = new StringBuilder(String.valueOf(message));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
              line.append(" | ").append(t);
            }
            logged.add(line.toString());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.ALL);
    Logger root = Logger.getLogger("");
    Logger langchain4j = Logger.getLogger("dev.langchain4j");
    Level before = langchain4j.getLevel();
    langchain4j.setLevel(Level.ALL);
    root.addHandler(capture);
    AnswererChain.Result result;
    try {
      AnswererChain chain =
          AnswererChain.of(
              spec(ModelProvider.OpenAICompatible, origin() + "/v1"),
              List.of(),
              ChatModelsIT::secrets,
              request -> DraftAnswer.extractive("Extrait [1]"),
              null);
      result = chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());
    } finally {
      root.removeHandler(capture);
      langchain4j.setLevel(before);
    }

    assertThat(received.get(0).authorization()).isEqualTo("Bearer " + API_KEY);
    assertThat(result.answeredBy()).isEqualTo("extractive");
    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.reason()).isEqualTo(ModelAnswerer.ERROR);
              assertThat(f.message()).isEqualTo("model mistral-small-latest answered HTTP 401");
            });
    assertThat(received).hasSize(1); // 401: not retried
    // the capture works: the chain's warning is there, without the key
    assertThat(logged).anyMatch(line -> line.contains("model mistral-small-latest failed"));
    assertThat(logged).noneMatch(line -> line.contains(API_KEY));
    assertThat(result.toString()).doesNotContain(API_KEY);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
