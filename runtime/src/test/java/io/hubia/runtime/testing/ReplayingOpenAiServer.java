package io.hubia.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hubia.runtime.answer.model.ReplayingChatModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A model server on loopback that speaks the OpenAI chat completions protocol and answers from
 * {@link ReplayingChatModel} fixtures: the remote LLM of the HTTP tests, reached by the runtime's
 * real langchain4j client. Each fixture has its own base URL, {@code <url>/<fixture>/v1}, so that
 * several workflows (one per recorded behaviour) share one server.
 *
 * <p>On the wire: {@code GET /models} lists the fixture's model; a completion with {@code usage};
 * {@code failure: timeout} holds the request longer than {@link #HOLD_MS} (give the model a shorter
 * timeout); {@code http} answers the recorded status and body; {@code connection} drops the
 * connection without a response; {@code refusal} answers a message with {@code refusal}; {@code
 * empty} a message with empty content; {@code toolCalls} become the message's {@code tool_calls}
 * (finish reason {@code tool_calls}), and an entry with {@code afterTool} answers a request whose
 * last message is that tool's result. A request that no fixture entry matches is answered 500 and
 * kept in {@link #errors()}.
 */
public final class ReplayingOpenAiServer implements AutoCloseable {
  /** How long a {@code timeout} failure holds the request. */
  public static final long HOLD_MS = 5_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request received: the fixture it was for, the last user message, and the whole request body
   * as sent (system prompt and earlier turns included).
   */
  public record Received(String fixture, String model, String userText, String body) {
    public Received(String fixture, String model, String userText) {
      this(fixture, model, userText, null);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, ReplayingChatModel> fixtures = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  private ReplayingOpenAiServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on a free loopback port. */
  public static ReplayingOpenAiServer start() {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ReplayingOpenAiServer replaying = new ReplayingOpenAiServer(http);
      http.setExecutor(replaying.executor);
      http.createContext("/", replaying::handle);
      http.start();
      return replaying;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The base URL (a model's {@code endpoint}) that answers from the fixture {@code resource} on the
   * test class path, e.g. {@code http-it/model/fidele.json}.
   */
  public String endpoint(String resource) {
    String name = resource.replaceAll(".*/", "").replace(".json", "");
    fixtures.computeIfAbsent(name, n -> ReplayingChatModel.fromResource(resource));
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/v1";
  }

  /**
   * The base URL that answers from {@code fixture}, under {@code name}: for fixtures a test builds
   * from its own data (e.g. one entry per question of a matrix) rather than reads from a file.
   */
  public String endpoint(String name, ReplayingChatModel fixture) {
    fixtures.put(name, fixture);
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/v1";
  }

  /** Every request received, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Requests no fixture could answer, with the reason: a test error. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] path = exchange.getRequestURI().getPath().split("/");
      ReplayingChatModel fixture = path.length > 1 ? fixtures.get(path[1]) : null;
      if (fixture != null && exchange.getRequestURI().getPath().endsWith("/models")) {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.putArray("data").addObject().put("id", fixture.modelName()).put("object", "model");
        send(exchange, 200, list.toString());
        return;
      }
      if (fixture == null || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
        send(exchange, 404, "{\"error\":{\"message\":\"no such model endpoint\"}}");
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode request = JSON.readTree(body);
      String userText = lastUserText(request);
      received.add(new Received(path[1], request.path("model").asText(), userText, body));
      ReplayingChatModel.Recorded reply;
      try {
        reply = fixture.replay(userText, lastToolResult(request));
      } catch (IllegalStateException e) {
        errors.add(path[1] + ": " + e.getMessage());
        send(exchange, 500, "{\"error\":{\"message\":\"no recorded answer\"}}");
        return;
      }
      play(exchange, reply, fixture.modelName());
    }
  }

  private void play(HttpExchange exchange, ReplayingChatModel.Recorded reply, String model)
      throws IOException {
    pause(reply.delayMs());
    String failure = reply.failure() == null ? "" : reply.failure();
    switch (failure) {
      case "timeout" -> pause(HOLD_MS);
      case "http" -> send(exchange, reply.status(), reply.body());
      case "connection" -> {
        // closing without a status line: the client sees the connection end
      }
      case "refusal" -> send(exchange, 200, completion(reply, model, null, "refusal"));
      case "empty" -> send(exchange, 200, completion(reply, model, "", null));
      default -> send(exchange, 200, completion(reply, model, reply.text(), null));
    }
  }

  private static String completion(
      ReplayingChatModel.Recorded reply, String model, String content, String refusal) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-replay-" + System.nanoTime());
    root.put("object", "chat.completion");
    root.put("created", System.currentTimeMillis() / 1000);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    if (refusal == null && !reply.toolCalls().isEmpty()) {
      var calls = message.putArray("tool_calls");
      for (var call : reply.toolCalls()) {
        ObjectNode c = calls.addObject();
        c.put("id", call.id());
        c.put("type", "function");
        c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      }
    }
    if (refusal != null) {
      message.put("refusal", reply.text() == null ? "I can't help with that." : reply.text());
    }
    choice.put(
        "finish_reason",
        reply.finishReason() != null
            ? reply.finishReason()
            : reply.toolCalls().isEmpty() ? "stop" : "tool_calls");
    int in = reply.inputTokens() == null ? 0 : reply.inputTokens();
    int out = reply.outputTokens() == null ? 0 : reply.outputTokens();
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", in);
    usage.put("completion_tokens", out);
    usage.put("total_tokens", in + out);
    return root.toString();
  }

  /**
   * The name of the tool whose result is the request's last message ({@code role: tool}), found
   * through its {@code tool_call_id} in the assistant's calls before it; {@code null} when the last
   * message is not a tool result.
   */
  static String lastToolResult(JsonNode request) {
    JsonNode messages = request.path("messages");
    if (messages.isEmpty()
        || !messages.get(messages.size() - 1).path("role").asText().equals("tool")) {
      return null;
    }
    String id = messages.get(messages.size() - 1).path("tool_call_id").asText();
    for (int i = messages.size() - 2; i >= 0; i--) {
      for (JsonNode call : messages.get(i).path("tool_calls")) {
        if (call.path("id").asText().equals(id)) {
          return call.path("function").path("name").asText();
        }
      }
    }
    return "*";
  }

  /** The text of the last {@code user} message, whether its content is a string or parts. */
  static String lastUserText(JsonNode request) {
    JsonNode messages = request.path("messages");
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode message = messages.get(i);
      if (message.path("role").asText().equals("user")) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
          return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText()));
        return text.toString();
      }
    }
    return "";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void pause(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
