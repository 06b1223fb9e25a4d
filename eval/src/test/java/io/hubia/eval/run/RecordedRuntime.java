package io.hubia.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loopback HTTP server that replays recorded runtime replies by question, and issues dev tokens
 * {@code tok-<subject>}. It also serves the evaluation shadows ({@code POST} and {@code DELETE
 * /v1/agents/{workflow}/evaluation/shadows}): it records what was planted and deleted, answers
 * {@link #shadowCreation} (201 with one shadow by default, 404 when shadows are not enabled), and
 * refuses with 404 a question whose {@code Hubia-Shadow} header names no live shadow. It stands in
 * only for the HTTP transport in unit tests: the runtime's real behaviour is tested in the runtime
 * module, and the JSON served here has the shape {@code docs/api.md} documents.
 */
final class RecordedRuntime implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A recorded HTTP reply. */
  record Recorded(int status, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Recorded>> byQuestion = new HashMap<>();
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
  final List<String> askedPaths = Collections.synchronizedList(new ArrayList<>());
  final List<String> tokenSubjects = Collections.synchronizedList(new ArrayList<>());

  /** The {@code Hubia-Shadow} header of each question, in order; {@code null} when absent. */
  final List<String> shadowHeaders = Collections.synchronizedList(new ArrayList<>());

  /** The bodies of the shadow creations received, in order. */
  final List<JsonNode> shadowBodies = Collections.synchronizedList(new ArrayList<>());

  /** The {@code Authorization} header of each shadow creation, in order. */
  final List<String> shadowAuthorizations = Collections.synchronizedList(new ArrayList<>());

  /** The paths of the shadow deletions received, in order. */
  final List<String> deletedPaths = Collections.synchronizedList(new ArrayList<>());

  /** The {@code Authorization} header of each shadow deletion, in order. */
  final List<String> deleteAuthorizations = Collections.synchronizedList(new ArrayList<>());

  /**
   * What the runtime was asked, in order: {@code ask <question>}, {@code ask <question> in
   * <shadow>}, {@code create shadow}, {@code delete <shadow>}.
   */
  final List<String> events = Collections.synchronizedList(new ArrayList<>());

  /** The reply to a shadow creation; {@link #notEnabled()} for a runtime without shadows. */
  volatile Recorded shadowCreation = shadowCreated("sh-1", 120, 3);

  private final Set<String> liveShadows = Collections.synchronizedSet(new HashSet<>());
  boolean devIssuer = true;

  RecordedRuntime() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/dev/token", this::token);
    server.createContext("/v1/agents/", this::agents);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Replies to {@code question} with these, in order; the last one is repeated. */
  synchronized RecordedRuntime on(String question, Recorded... replies) {
    byQuestion.computeIfAbsent(question, q -> new ArrayDeque<>()).addAll(List.of(replies));
    return this;
  }

  static Recorded ok(String body) {
    return new Recorded(200, Map.of("Content-Type", "application/json"), body);
  }

  static Recorded answer(String answer, String... documentIds) {
    StringBuilder citations = new StringBuilder();
    for (int i = 0; i < documentIds.length; i++) {
      citations
          .append(i == 0 ? "" : ",")
          .append(
              String.format(
                  "{\"id\":%d,\"documentId\":\"%s\",\"title\":\"T%d\",\"uri\":null,"
                      + "\"snippet\":\"extrait\",\"score\":0.9}",
                  i + 1, documentIds[i], i + 1));
    }
    return ok(
        "{\"answer\":"
            + quote(answer)
            + ",\"citations\":["
            + citations
            + "],\"fallback\":false,\"fallbackReason\":null,\"traceId\":\"t-1\","
            + "\"auditId\":\"a-1\",\"confidence\":0.8}");
  }

  /** {@code reply} with the {@code usage} the runtime adds when a model was called. */
  static Recorded withUsage(Recorded reply, long inputTokens, long outputTokens, int modelCalls) {
    String body = reply.body().strip();
    return new Recorded(
        reply.status(),
        reply.headers(),
        body.substring(0, body.length() - 1)
            + String.format(
                ",\"usage\":{\"inputTokens\":%d,\"outputTokens\":%d,\"modelCalls\":%d}}",
                inputTokens, outputTokens, modelCalls));
  }

  static Recorded fallback(String reason) {
    return ok(
        "{\"answer\":\"Je ne peux pas répondre à partir des sources.\",\"citations\":[],"
            + "\"fallback\":true,\"fallbackReason\":\""
            + reason
            + "\",\"traceId\":\"t-2\",\"auditId\":\"a-2\"}");
  }

  static Recorded problem(int status, String type, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Content-Type", "application/problem+json");
    return new Recorded(
        status,
        all,
        "{\"type\":\"https://hubia.io/problems/"
            + type
            + "\",\"title\":\"t\",\"status\":"
            + status
            + ",\"detail\":\"recorded "
            + type
            + "\"}");
  }

  /**
   * A 201 reply to a shadow creation: shadow {@code id} of one index, with {@code copied} chunks
   * copied and {@code flagged} chunks flagged; planted documents and chunks are those of the
   * request.
   */
  static Recorded shadowCreated(String id, int copied, int flagged) {
    return new Recorded(
        201,
        Map.of("Content-Type", "application/json"),
        "{\"shadow\":\""
            + id
            + "\",\"expiresAt\":\"2026-01-01T01:00:00Z\",\"indexes\":[{\"index\":\"hubia-federation\","
            + "\"shadowIndex\":\"hubia-shadow-"
            + id
            + "\",\"copiedChunks\":"
            + copied
            + ",\"plantedDocuments\":@DOCS@,\"plantedChunks\":@CHUNKS@,\"flaggedChunks\":"
            + flagged
            + "}]}");
  }

  /** The 404 problem a runtime that does not enable shadows answers to their creation. */
  static Recorded notEnabled() {
    return problem(404, "not-found", Map.of());
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void token(HttpExchange exchange) throws IOException {
    if (!devIssuer) {
      send(exchange, new Recorded(404, Map.of(), ""));
      return;
    }
    JsonNode request = JSON.readTree(exchange.getRequestBody());
    String subject = request.path("subject").asText();
    tokenSubjects.add(subject);
    send(
        exchange, ok("{\"token\":\"tok-" + subject + "\",\"expiresAt\":\"2026-01-01T00:00:00Z\"}"));
  }

  private void agents(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if (path.endsWith("/evaluation/shadows") && method.equals("POST")) {
      createShadow(exchange);
    } else if (path.contains("/evaluation/shadows/") && method.equals("DELETE")) {
      deletedPaths.add(path);
      events.add("delete " + path.substring(path.lastIndexOf('/') + 1));
      deleteAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      boolean known = liveShadows.remove(path.substring(path.lastIndexOf('/') + 1));
      send(exchange, new Recorded(known ? 204 : 404, Map.of(), ""));
    } else if (path.endsWith("/ask") && method.equals("POST")) {
      ask(exchange);
    } else {
      send(exchange, problem(405, "method-not-allowed", Map.of()));
    }
  }

  private void createShadow(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    shadowBodies.add(body);
    events.add("create shadow");
    shadowAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
    Recorded reply = shadowCreation;
    if (reply.status() == 201) {
      int documents = body.path("documents").size();
      reply =
          new Recorded(
              201,
              reply.headers(),
              reply
                  .body()
                  .replace("@DOCS@", Integer.toString(documents))
                  .replace("@CHUNKS@", Integer.toString(2 * documents)));
      liveShadows.add(JSON.readTree(reply.body()).path("shadow").asText());
    }
    send(exchange, reply);
  }

  private void ask(HttpExchange exchange) throws IOException {
    askedPaths.add(exchange.getRequestURI().getPath());
    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
    String shadow = exchange.getRequestHeaders().getFirst("Hubia-Shadow");
    shadowHeaders.add(shadow);
    String question = JSON.readTree(exchange.getRequestBody()).path("question").asText();
    events.add("ask " + question + (shadow == null ? "" : " in " + shadow));
    if (shadow != null && !liveShadows.contains(shadow)) {
      send(exchange, problem(404, "unknown-shadow", Map.of()));
      return;
    }
    Recorded reply;
    synchronized (this) {
      Deque<Recorded> replies = byQuestion.get(question);
      if (replies == null || replies.isEmpty()) {
        reply = problem(500, "unexpected-question", Map.of());
      } else {
        reply = replies.size() > 1 ? replies.poll() : replies.peek();
      }
    }
    send(exchange, reply);
  }

  private static void send(HttpExchange exchange, Recorded reply) throws IOException {
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
