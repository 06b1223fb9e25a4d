package io.hubia.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hubia.eval.PlantedDocument;
import io.hubia.eval.report.ShadowSummary;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks questions to a Hubia runtime over its HTTP API ({@code POST /v1/agents/{workflow}/ask}, see
 * {@code docs/api.md}) with the JDK's {@link HttpClient}, and reads each reply into a {@link
 * Reply}.
 *
 * <p>A 429 is retried as its {@code Retry-After} says, at most {@link #maxRetries} times and only
 * when the wait is at most {@link #maxRetryWait}: a spent token budget (hours away) comes back as
 * the 429 reply instead of stalling the run. Transport failures (connection refused, timeout) are
 * thrown. Tokens are sent in the {@code Authorization} header only and never appear in a reply, an
 * exception or a log.
 *
 * <p>For indirect injection, it also makes and deletes shadows ({@code POST} and {@code DELETE
 * /v1/agents/{workflow}/evaluation/shadows}): copies of the workflow's indexes with planted
 * documents, which a question asked with the {@value #SHADOW_HEADER} header retrieves from.
 */
public final class RuntimeClient {
  /** Retries of a 429 before its reply is returned. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** Longest {@code Retry-After} waited for; a longer one ends the retries. */
  public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(60);

  /** Wait before retrying a 429 that has no readable {@code Retry-After}. */
  static final Duration DEFAULT_RETRY_WAIT = Duration.ofSeconds(1);

  /** Header naming the shadow a question is asked against. */
  public static final String SHADOW_HEADER = "Hubia-Shadow";

  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final URI baseUrl;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final Duration maxRetryWait;
  private final Sleeper sleeper;
  private final Clock clock;

  /** Waits between retries; replaced in tests so that they do not sleep. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  RuntimeClient(
      URI baseUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxRetries,
      Duration maxRetryWait,
      Sleeper sleeper,
      Clock clock) {
    this.baseUrl = normalise(baseUrl);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = requestTimeout;
    this.maxRetries = maxRetries;
    this.maxRetryWait = maxRetryWait;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * A client of the runtime at {@code baseUrl} (e.g. {@code http://localhost:8080}).
   *
   * @param connectTimeout bound on opening a connection
   * @param requestTimeout bound on one question, reply included (a model may take a while)
   */
  public static RuntimeClient create(
      URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
    return new RuntimeClient(
        baseUrl,
        connectTimeout,
        requestTimeout,
        DEFAULT_MAX_RETRIES,
        DEFAULT_MAX_RETRY_WAIT,
        duration -> Thread.sleep(duration.toMillis()),
        Clock.systemUTC());
  }

  /** The runtime's base URL, without trailing slash, user info, query or fragment. */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Asks {@code question} to {@code workflow} with the bearer {@code token}.
   *
   * @throws IOException when the runtime cannot be reached or does not reply in time
   */
  public Reply ask(String workflow, String question, String token)
      throws IOException, InterruptedException {
    return ask(workflow, question, token, null);
  }

  /**
   * Asks {@code question} to {@code workflow} with the bearer {@code token}, against the shadow
   * {@code shadow} when it is not {@code null} (sent in the {@value #SHADOW_HEADER} header).
   *
   * @throws IOException when the runtime cannot be reached or does not reply in time
   */
  public Reply ask(String workflow, String question, String token, String shadow)
      throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("question", question));
    URI uri = baseUrl.resolve(baseUrl.getPath() + "/v1/agents/" + pathSegment(workflow) + "/ask");
    for (int attempt = 0; ; attempt++) {
      long sent = System.nanoTime();
      HttpRequest.Builder request = post(uri, body, token);
      if (shadow != null) {
        request.header(SHADOW_HEADER, shadow);
      }
      HttpResponse<String> response = http.send(request.build(), ofUtf8());
      Duration latency = Duration.ofNanos(System.nanoTime() - sent);
      if (response.statusCode() == 429 && attempt < maxRetries) {
        Duration wait = retryAfter(response).orElse(DEFAULT_RETRY_WAIT);
        if (wait.compareTo(maxRetryWait) <= 0) {
          sleeper.sleep(wait);
          continue;
        }
      }
      return read(response, latency);
    }
  }

  /** Posts a dev-token request and returns the token; errors name {@code subject}, not tokens. */
  String devToken(Map<String, Object> request, String subject)
      throws IOException, InterruptedException {
    URI uri = baseUrl.resolve(baseUrl.getPath() + "/v1/dev/token");
    HttpResponse<String> response =
        http.send(post(uri, JSON.writeValueAsString(request), null).build(), ofUtf8());
    if (response.statusCode() == 404) {
      throw new IOException(
          "the runtime at "
              + baseUrl
              + " has no development token issuer (404 on /v1/dev/token): it is not in local"
              + " mode; use --tokens with tokens from your identity provider");
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "the development token issuer answered "
              + response.statusCode()
              + " for subject '"
              + subject
              + "'");
    }
    JsonNode token = parse(response.body()).path("token");
    if (!token.isTextual() || token.asText().isBlank()) {
      throw new IOException("the development token issuer gave no token for '" + subject + "'");
    }
    return token.asText();
  }

  /**
   * Makes a shadow of {@code workflow}'s indexes holding {@code documents}, as the caller of {@code
   * token} (planted documents without labels get the labels that caller may read).
   *
   * @throws Shadow.NotEnabledException when the runtime answers 404: it does not enable shadows
   * @throws IOException when the runtime refuses (400, 409…), gives an unreadable reply or cannot
   *     be reached; the message names the status and the problem's detail, never the token
   */
  public Shadow createShadow(String workflow, List<PlantedDocument> documents, String token)
      throws IOException, InterruptedException {
    List<Map<String, Object>> planted = new ArrayList<>();
    for (PlantedDocument document : documents) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("id", document.id());
      fields.put("title", document.title());
      fields.put("text", document.text());
      if (!document.labels().isEmpty()) {
        fields.put("labels", document.labels());
      }
      planted.add(fields);
    }
    String body = JSON.writeValueAsString(Map.of("documents", planted));
    HttpResponse<String> response =
        http.send(post(shadows(workflow), body, token).build(), ofUtf8());
    JsonNode reply = parse(response.body());
    if (response.statusCode() == 404) {
      throw new Shadow.NotEnabledException(
          "the runtime at "
              + baseUrl
              + " answered 404 to the creation of a shadow: shadows are not enabled on that"
              + " runtime (HUBIA_EVALUATION_SHADOWS_ENABLED)"
              + problemDetail(reply));
    }
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new IOException(
          "the runtime answered "
              + response.statusCode()
              + " to the creation of a shadow"
              + problemDetail(reply));
    }
    String id = text(reply, "shadow");
    if (id == null || id.isBlank()) {
      throw new IOException("the runtime's reply to the creation of a shadow names no shadow");
    }
    List<ShadowSummary.Index> indexes = new ArrayList<>();
    for (JsonNode index : reply.path("indexes")) {
      indexes.add(
          new ShadowSummary.Index(
              text(index, "index"),
              text(index, "shadowIndex"),
              index.path("copiedChunks").asLong(0),
              index.path("plantedDocuments").asLong(0),
              index.path("plantedChunks").asLong(0),
              index.path("flaggedChunks").asLong(0)));
    }
    return new Shadow(id, text(reply, "expiresAt"), indexes);
  }

  /**
   * Deletes the shadow {@code shadow} of {@code workflow}; a 404 (already gone, e.g. expired) is
   * not an error.
   *
   * @throws IOException when the runtime answers anything else than 204, 200 or 404, or cannot be
   *     reached
   */
  public void deleteShadow(String workflow, String shadow, String token)
      throws IOException, InterruptedException {
    URI shadows = shadows(workflow);
    URI uri = URI.create(shadows + "/" + pathSegment(shadow));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", "application/json, application/problem+json")
            .DELETE();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), ofUtf8());
    int status = response.statusCode();
    if (status != 204 && status != 200 && status != 404) {
      throw new IOException(
          "the runtime answered "
              + status
              + " to the deletion of shadow '"
              + shadow
              + "'"
              + problemDetail(parse(response.body())));
    }
  }

  private URI shadows(String workflow) {
    return baseUrl.resolve(
        baseUrl.getPath() + "/v1/agents/" + pathSegment(workflow) + "/evaluation/shadows");
  }

  private static String problemDetail(JsonNode problem) {
    String detail = text(problem, "detail");
    if (detail == null || detail.isBlank()) {
      detail = text(problem, "title");
    }
    return detail == null || detail.isBlank() ? "" : " (" + detail.strip() + ")";
  }

  private HttpRequest.Builder post(URI uri, String body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private static Reply read(HttpResponse<String> response, Duration latency) {
    int status = response.statusCode();
    JsonNode body = parse(response.body());
    if (status == 200) {
      List<Reply.Citation> citations = new ArrayList<>();
      for (JsonNode citation : body.path("citations")) {
        citations.add(
            new Reply.Citation(
                citation.hasNonNull("id") ? citation.get("id").asInt() : null,
                text(citation, "documentId"),
                text(citation, "title"),
                text(citation, "uri"),
                text(citation, "snippet"),
                citation.hasNonNull("score") ? citation.get("score").asDouble() : null));
      }
      return new Reply(
          status,
          text(body, "answer"),
          citations,
          body.path("fallback").asBoolean(false),
          text(body, "fallbackReason"),
          false,
          latency,
          null,
          null,
          text(body, "traceId"),
          body.hasNonNull("confidence") ? body.get("confidence").asDouble() : null,
          usage(body.path("usage")));
    }
    String type = text(body, "type");
    boolean refused = status == 400 && Reply.INJECTION_SUSPECTED.equals(type);
    return new Reply(
        status,
        null,
        List.of(),
        false,
        refused ? "injection_suspected" : null,
        refused,
        latency,
        type,
        text(body, "detail"),
        text(body, "traceId"),
        null);
  }

  /** The reply's {@code usage}, or {@code null} when absent (no model called) or not an object. */
  static Reply.Usage usage(JsonNode usage) {
    if (!usage.isObject()) {
      return null;
    }
    return new Reply.Usage(
        Math.max(0, usage.path("inputTokens").asLong(0)),
        Math.max(0, usage.path("outputTokens").asLong(0)),
        Math.max(0, usage.path("modelCalls").asInt(0)));
  }

  /** {@code Retry-After} as seconds or as an HTTP date; empty when absent or unreadable. */
  Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.get()))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static HttpResponse.BodyHandler<String> ofUtf8() {
    return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }

  private static String pathSegment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static URI normalise(URI url) {
    if (url.getScheme() == null
        || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException("runtime URL must be http(s)://host[:port], not " + url);
    }
    String path = url.getPath() == null ? "" : url.getPath().replaceAll("/+$", "");
    return URI.create(
        url.getScheme()
            + "://"
            + url.getHost()
            + (url.getPort() < 0 ? "" : ":" + url.getPort())
            + path);
  }
}
