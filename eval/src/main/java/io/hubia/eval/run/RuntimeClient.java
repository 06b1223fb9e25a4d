package io.hubia.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
 */
public final class RuntimeClient {
  /** Retries of a 429 before its reply is returned. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** Longest {@code Retry-After} waited for; a longer one ends the retries. */
  public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(60);

  /** Wait before retrying a 429 that has no readable {@code Retry-After}. */
  static final Duration DEFAULT_RETRY_WAIT = Duration.ofSeconds(1);

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
    String body = JSON.writeValueAsString(Map.of("question", question));
    URI uri = baseUrl.resolve(baseUrl.getPath() + "/v1/agents/" + pathSegment(workflow) + "/ask");
    for (int attempt = 0; ; attempt++) {
      long sent = System.nanoTime();
      HttpResponse<String> response = http.send(post(uri, body, token), ofUtf8());
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
        http.send(post(uri, JSON.writeValueAsString(request), null), ofUtf8());
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

  private HttpRequest post(URI uri, String body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.build();
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
