package io.hubia.eval.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A support judge that asks a model, through an OpenAI-compatible chat-completions API ({@code POST
 * <endpoint>/chat/completions}), with a short fixed prompt asking for {@code {"supported": true}}
 * or {@code {"supported": false}}.
 *
 * <p>Temperature 0, one call per distinct (sentence, passage) pair (verdicts are kept for the run),
 * each bounded by a timeout. A reply that is not such a verdict, an error status, a timeout or a
 * transport failure is {@link Verdict#NO_VERDICT}: not supported, and counted by the report. The
 * API key goes in the {@code Authorization} header only; it is never printed or logged.
 */
public final class LlmSupportJudge implements SupportJudge {
  /** The instructions sent as the system message, the same for every pair. */
  static final String PROMPT =
      """
      Tu vérifies des citations. / You check citations.
      On te donne une phrase et un passage source. Réponds si le passage, à lui seul, affirme \
      tout ce que dit la phrase (mêmes nombres, même sens, négations comprises). \
      Given a sentence and a source passage, answer whether the passage on its own states \
      everything the sentence says (same numbers, same meaning, negations included).
      Réponds uniquement / answer only with JSON: {"supported": true} or {"supported": false}""";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERDICT =
      Pattern.compile("\\{[^{}]*\"supported\"\\s*:\\s*(true|false)[^{}]*}");

  private final URI endpoint;
  private final String model;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

  /**
   * A judge asking {@code model} at {@code endpoint}.
   *
   * @param endpoint the API's base URL, e.g. {@code https://api.example/v1}, or its full {@code
   *     /chat/completions} URL
   * @param apiKey the bearer key, or {@code null} for a server that needs none
   * @param timeout bound on one call, reply included
   */
  public LlmSupportJudge(URI endpoint, String model, String apiKey, Duration timeout) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("the judge model is missing");
    }
    String url = endpoint.toString().replaceAll("/+$", "");
    this.endpoint = URI.create(url.endsWith("/chat/completions") ? url : url + "/chat/completions");
    this.model = model.strip();
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Verdict judge(String sentence, String passage) {
    if (sentence == null || passage == null || passage.isBlank()) {
      return Verdict.NOT_SUPPORTED;
    }
    String key = sentence + '\u0000' + passage;
    Verdict known = verdicts.get(key);
    if (known != null) {
      return known;
    }
    Verdict verdict;
    try {
      verdict = ask(sentence, passage);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Verdict.NO_VERDICT;
    }
    verdicts.put(key, verdict);
    return verdict;
  }

  @Override
  public String describe() {
    return "llm " + model + " at " + endpoint.getHost();
  }

  private Verdict ask(String sentence, String passage) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    body.put("temperature", 0);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", PROMPT);
    messages
        .addObject()
        .put("role", "user")
        .put("content", "Phrase / Sentence:\n" + sentence + "\n\nPassage:\n" + passage);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        return Verdict.NO_VERDICT;
      }
      return parse(response.body());
    } catch (IOException e) {
      return Verdict.NO_VERDICT;
    }
  }

  /**
   * The verdict in a chat-completions reply: the first {@code {"supported": true|false}} object in
   * the first choice's message, fences or words around it allowed; {@link Verdict#NO_VERDICT} when
   * there is none.
   */
  static Verdict parse(String reply) {
    try {
      JsonNode content =
          JSON.readTree(reply).path("choices").path(0).path("message").path("content");
      if (!content.isTextual()) {
        return Verdict.NO_VERDICT;
      }
      Matcher verdict = VERDICT.matcher(content.asText());
      if (!verdict.find()) {
        return Verdict.NO_VERDICT;
      }
      return Boolean.parseBoolean(verdict.group(1)) ? Verdict.SUPPORTED : Verdict.NOT_SUPPORTED;
    } catch (IOException e) {
      return Verdict.NO_VERDICT;
    }
  }
}
