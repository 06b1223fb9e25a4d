package io.hubia.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Process process;
  static String base;
  static Path log;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    base = "http://localhost:" + port;
    log = Files.createDirectories(Path.of("target")).resolve("local-mode-it.log");
    process =
        new ProcessBuilder(
                "./hubia", "local", "examples/federation", "--port", String.valueOf(port))
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "local mode exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (Files.readString(log).contains("Hubia is ready on") && ready()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("local mode not ready in 300 s:\n" + Files.readString(log));
  }

  /** Whether readiness is UP: configuration loaded, audit schema ready. */
  static boolean ready() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
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
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/agents/assistant-site/ask"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xC3, 0x28, '{'}))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
    HttpResponse<String> ready =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
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
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(5)
  void stoppingLeavesNoProcessBehind() throws Exception {
    List<ProcessHandle> children = process.descendants().toList();
    assertThat(children).as("OpenSearch and PostgreSQL run as children").isNotEmpty();
    process.destroy(); // SIGTERM, as Ctrl-C's SIGINT
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && children.stream().anyMatch(ProcessHandle::isAlive)) {
      Thread.sleep(200);
    }
    assertThat(children.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::info).toList())
        .as("processes left after the stop")
        .isEmpty();
  }

  static String token(String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("token").asText();
  }

  static JsonNode ask(String workflow, String token, String question, int status)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/v1/agents/" + workflow + "/ask"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(java.util.Map.of("question", question))));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
