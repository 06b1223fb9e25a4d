package io.hubia.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.runtime.testing.LocalModeProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Local mode as a user runs it: the README's command, {@code ./hubia local examples/federation},
 * started as a process from the repository root (embedded OpenSearch and PostgreSQL, ingestion of
 * the example, the runtime API), then questions asked over HTTP with development tokens, then a
 * stop that must leave no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalModeIT {
  static final Path ROOT = LocalModeProcess.ROOT;
  static final ObjectMapper JSON = new ObjectMapper();

  static LocalModeProcess local;

  @BeforeAll
  static void start() throws Exception {
    local =
        LocalModeProcess.start(
            "examples/federation", Path.of("target", "local-mode-it.log"), Duration.ofSeconds(300));
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  @Test
  @Order(1)
  void theReadmeQuestionGetsACitedFrenchAnswer() throws Exception {
    String token =
        token(
            "{\"subject\":\"marie\",\"claims\":{\"realm_access\":{\"roles\":[\"collaborateur\"]},\"antenne\":\"lyon\"}}");
    JsonNode reply =
        ask(
            "assistant-federation",
            token,
            "Combien de jours de congés payés un salarié acquiert-il par mois ?",
            200);
    assertThat(reply.path("fallback").asBoolean()).isFalse();
    assertThat(reply.path("answer").asText()).contains("2,5 jours").contains("[1]");
    assertThat(reply.path("citations").get(0).path("documentId").asText())
        .isEqualTo("national:fiches-pratiques/droit-du-travail/conges-payes.md");
    assertThat(reply.path("auditId").asText()).isNotBlank();
    assertThat(reply.path("traceId").asText()).isNotBlank();
  }

  @Test
  @Order(2)
  void theGoldenQuestionsNeverLeakAndMostlyAnswerRight() throws Exception {
    List<GoldenQuestions> rows =
        GoldenQuestions.read(ROOT.resolve("examples/federation/questions.md"));
    assertThat(rows).hasSizeGreaterThan(30);
    int answerable = 0;
    int answered = 0;
    int unanswerable = 0;
    int fellBack = 0;
    List<String> misses = new ArrayList<>();
    for (GoldenQuestions row : rows) {
      JsonNode reply = ask(row.workflow(), token(row.token()), row.question(), 200);
      String answer = reply.path("answer").asText();
      List<String> cited = new ArrayList<>();
      reply.path("citations").forEach(c -> cited.add(c.path("documentId").asText()));
      String all = reply.toString();
      // hard rules: nothing the caller may not read, in any form
      for (String text : row.mustNotContain()) {
        assertThat(fold(all)).as(row.id() + " leaks " + text).doesNotContain(fold(text));
      }
      for (String document : row.mustNotCite()) {
        assertThat(cited).as(row.id() + " cites a forbidden document").doesNotContain(document);
      }
      boolean fallback = reply.path("fallback").asBoolean();
      if (!fallback) {
        assertThat(answer).as(row.id() + " answers without a citation").containsPattern("\\[\\d+]");
        assertThat(cited).as(row.id()).isNotEmpty();
      }
      if (row.contains() != null) {
        answerable++;
        boolean good =
            !fallback
                && fold(answer).contains(fold(row.contains()))
                && cited.contains(row.document());
        if (good) {
          answered++;
        } else {
          misses.add(row.id() + (fallback ? " fell back" : " answered: " + answer));
        }
      } else if (row.fallback()) {
        unanswerable++;
        if (fallback) {
          fellBack++;
        } else {
          misses.add(row.id() + " should fall back, answered: " + answer);
        }
      }
    }
    System.out.printf(
        "Golden questions: %d/%d answered right, %d/%d fell back as they should%n",
        answered, answerable, fellBack, unanswerable);
    misses.forEach(m -> System.out.println("  miss " + m));
    assertThat(answered)
        .as("answerable questions answered right")
        .isGreaterThanOrEqualTo(answerable * 7 / 10);
    assertThat(fellBack)
        .as("unanswerable questions that fell back")
        .isGreaterThanOrEqualTo(unanswerable / 2);
  }

  @Test
  @Order(3)
  void badRequestsGetProblemDetailsAndTheRuntimeStaysHealthy() throws Exception {
    String token = token("{\"subject\":\"v\",\"claims\":{}}");
    JsonNode noToken = ask("assistant-site", null, "Bonjour", 401);
    assertThat(noToken.path("type").asText()).endsWith("/authentication-required");
    JsonNode badToken = ask("assistant-site", "abc.def.ghi", "Bonjour", 401);
    assertThat(badToken.path("type").asText()).endsWith("/invalid-token");
    JsonNode empty = ask("assistant-site", token, "   ", 400);
    assertThat(empty.path("type").asText()).endsWith("/invalid-request");
    JsonNode tooLong = ask("assistant-site", token, "a".repeat(5000), 400);
    assertThat(tooLong.path("detail").asText()).contains("at most");
    JsonNode unknown = ask("inconnu", token, "Bonjour", 404);
    assertThat(unknown.path("type").asText()).endsWith("/workflow-not-found");
    HttpResponse<String> notJson =
        local
            .http()
            .send(
                HttpRequest.newBuilder(
                        URI.create(local.baseUrl() + "/v1/agents/assistant-site/ask"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xC3, 0x28, '{'}))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
    assertThat(local.ready()).as("readiness after bad requests").isTrue();
  }

  @Test
  @Order(4)
  void chatFrontEndsGetTheSameCitedAnswerThroughTheOpenAiProtocol() throws Exception {
    String token = token("{\"subject\":\"site\",\"claims\":{}}");
    String body =
        JSON.writeValueAsString(
            java.util.Map.of(
                "model",
                "assistant-site",
                "messages",
                List.of(
                    java.util.Map.of("role", "system", "content", "Tu es un assistant."),
                    java.util.Map.of(
                        "role",
                        "user",
                        "content",
                        "Combien coûte l'adhésion pour une entreprise de moins de 11 salariés ?"))));
    HttpResponse<String> response = chat(token, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.path("object").asText()).isEqualTo("chat.completion");
    String content = reply.path("choices").get(0).path("message").path("content").asText();
    assertThat(content).contains("290 euros").contains("[1]").contains("Sources");
    assertThat(reply.path("citations").get(0).path("documentId").asText())
        .isEqualTo("national:public/adhesion-et-cotisations.html");
    assertThat(reply.path("hubia").path("auditId").asText()).isNotBlank();

    HttpResponse<String> streamed = chat(token, body.replaceFirst("\\{", "{\"stream\":true,"));
    assertThat(streamed.statusCode()).isEqualTo(400);
    assertThat(streamed.body()).contains("stream");
  }

  static HttpResponse<String> chat(String token, String body)
      throws IOException, InterruptedException {
    return local.post("/v1/chat/completions", token, body);
  }

  @Test
  @Order(5)
  void stoppingLeavesNoProcessBehind() throws Exception {
    assertThat(local.process().descendants().toList())
        .as("OpenSearch and PostgreSQL run as children")
        .isNotEmpty();
    List<ProcessHandle> left = local.stop(); // SIGTERM, as Ctrl-C's SIGINT
    assertThat(left.stream().map(ProcessHandle::info).toList())
        .as("processes left after the stop")
        .isEmpty();
  }

  static String token(String body) throws IOException, InterruptedException {
    return local.token(body);
  }

  /**
   * Asks as a well-behaved client: a 429 (the example's policies limit each caller's requests per
   * minute) is retried after its {@code Retry-After}, as OpenAI's client libraries do.
   */
  static JsonNode ask(String workflow, String token, String question, int status)
      throws IOException, InterruptedException {
    HttpResponse<String> response = local.ask(workflow, token, question);
    for (int retry = 0; response.statusCode() == 429 && status != 429 && retry < 10; retry++) {
      long seconds =
          response.headers().firstValueAsLong("Retry-After").orElseThrow(AssertionError::new);
      assertThat(seconds).isBetween(1L, 60L);
      Thread.sleep(seconds * 1000);
      response = local.ask(workflow, token, question);
    }
    assertThat(response.statusCode()).as(question + " -> " + response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  static String fold(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replace('\u00A0', ' ')
        .replace('\u202F', ' ')
        .toLowerCase(Locale.ROOT);
  }
}
