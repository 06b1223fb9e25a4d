package io.hubia.eval.judge;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for an OpenAI-compatible chat-completions API: it replays, for each pair of the
 * shipped labels, the reply recorded in {@code llm-replies.yaml} (found by the sentence in the
 * request), and {@link #otherwise} for any other pair. The only fake of the judge tests: the remote
 * model.
 */
public final class ReplayedModel implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The requests received: Authorization header (or null) and body. */
  public record Request(String path, String authorization, JsonNode body) {}

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> bySentence = new HashMap<>();
  private final HttpServer server;
  private volatile String otherwise = "Je ne sais pas.";
  private volatile String always;
  private volatile int status = 200;
  private volatile long delayMillis;

  /** Replays the recorded replies for the shipped labels. */
  public static ReplayedModel replayingRecordedVerdicts() throws IOException {
    ReplayedModel model = new ReplayedModel();
    List<Map<String, String>> replies;
    try (InputStream in = ReplayedModel.class.getResourceAsStream("llm-replies.yaml")) {
      replies =
          new ObjectMapper(new YAMLFactory())
              .readValue(in, new TypeReference<List<Map<String, String>>>() {});
    }
    Map<String, String> byId = new HashMap<>();
    replies.forEach(reply -> byId.put(reply.get("id"), reply.get("content")));
    for (JudgeCheck.Label label : JudgeCheck.shipped()) {
      String content = byId.get(label.id());
      if (content == null) {
        throw new IllegalStateException("no recorded reply for label " + label.id());
      }
      model.bySentence.put(label.sentence(), content);
    }
    return model;
  }

  public ReplayedModel() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Replies {@code content} to every pair. */
  public ReplayedModel always(String content) {
    this.always = content;
    return this;
  }

  /** Replies {@code content} to pairs without a recorded reply. */
  public ReplayedModel otherwise(String content) {
    this.otherwise = content;
    return this;
  }

  /** Answers with this status (and an error body when not 200). */
  public ReplayedModel status(int status) {
    this.status = status;
    return this;
  }

  /** Waits this long before replying. */
  public ReplayedModel delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /** The API's base URL, {@code http://127.0.0.1:<port>/v1}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  private void handle(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    requests.add(
        new Request(
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    try {
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String user = body.path("messages").path(1).path("content").asText();
    String sentence = user.substring(user.indexOf('\n') + 1, user.indexOf("\n\nPassage:"));
    String content = always != null ? always : bySentence.getOrDefault(sentence, otherwise);
    String reply =
        status == 200
            ? JSON.createObjectNode()
                .set(
                    "choices",
                    JSON.createArrayNode()
                        .add(
                            JSON.createObjectNode()
                                .put("index", 0)
                                .set(
                                    "message",
                                    JSON.createObjectNode()
                                        .put("role", "assistant")
                                        .put("content", content))))
                .toString()
            : "{\"error\":{\"message\":\"overloaded\"}}";
    byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
