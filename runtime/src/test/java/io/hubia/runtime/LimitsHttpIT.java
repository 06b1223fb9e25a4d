package io.hubia.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.audit.AuditService;
import io.hubia.runtime.testing.ConfigMapVolume;
import io.hubia.runtime.testing.ConfigMapVolumeResource;
import io.hubia.runtime.testing.EmbeddedPostgresResource;
import io.hubia.runtime.testing.SampleConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The PolicySet's limits over HTTP, on {@code /ask} and {@code /v1/chat/completions}: a caller's
 * fourth request in a minute is a 429 problem with {@code Retry-After} while other callers go on; a
 * caller whose tokens of the day (in the real audit trail) are spent gets a 429 until midnight in
 * Paris, except for greetings; refusals are counted and the first one audited; with the audit
 * database stopped the budget fails closed, or open when the policy says {@code failClosed: false}.
 * The callers have no role, so nothing is readable to them: admitted questions get the {@code
 * no_evidence} fallback without a search or a model call. The methods run in order.
 */
@QuarkusTest
@TestProfile(LimitsHttpIT.DevTokens.class)
@WithTestResource(ConfigMapVolumeResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsHttpIT {
  private static final String WORKFLOW = "assistant-juridique";
  private static final String ASK = "/v1/agents/" + WORKFLOW + "/ask";
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** Development tokens, to ask as several callers. */
  public static class DevTokens implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("hubia.dev-issuer.enabled", "true");
    }
  }

  @Inject AuditService audit;

  @ConfigProperty(name = "hubia.config.path")
  String configPath;

  private static String config(long generation, boolean failClosed) {
    return SampleConfig.withPolicy(
        SampleConfig.valid(WORKFLOW, generation, "membres", generation),
        """
        limits:
          requestsPerMinutePerSubject: 3
          tokensPerDayPerSubject: 1000
        audit:
          failClosed: %s
        """
            .formatted(failClosed));
  }

  private void serve(long generation, boolean failClosed) {
    ConfigMapVolume.open(Path.of(configPath).getParent(), RuntimeConfig.FILE_NAME)
        .update(config(generation, failClosed));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                given()
                    .get("/v1/agents/" + WORKFLOW)
                    .then()
                    .statusCode(200)
                    .body("generation", equalTo((int) generation)));
  }

  private static String token(String subject) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("subject", subject))
        .post("/v1/dev/token")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  private static Response ask(String subject, String question) {
    return given()
        .header("Authorization", "Bearer " + token(subject))
        .contentType(ContentType.JSON)
        .body(Map.of("question", question))
        .post(ASK);
  }

  private static Response chat(String subject, String question) {
    return given()
        .header("Authorization", "Bearer " + token(subject))
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "model",
                WORKFLOW,
                "messages",
                List.of(Map.of("role", "user", "content", question))))
        .post("/v1/chat/completions");
  }

  private static double refused(String limit) {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile("(?m)^hubia_limits_refused_total\\{([^}]*)\\} (\\S+)$").matcher(body);
    while (m.find()) {
      if (m.group(1).contains("limit=\"" + limit + "\"")
          && m.group(1).contains("workflow=\"" + WORKFLOW + "\"")) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  private static double metric(String name) {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** The audit events of a caller that record a refusal by a limit: their decisions. */
  private static List<String> refusalsAudited(String subject) throws Exception {
    try (Connection c = EmbeddedPostgresResource.server().connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT decisions::text, answer, tokens_in FROM audit_event WHERE subject = ?"
                    + " AND decisions @> '[{\"step\": \"limits\"}]' ORDER BY id")) {
      s.setString(1, subject);
      List<String> decisions = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getString("answer")).isNull();
          assertThat(rs.getLong("tokens_in")).isZero();
          decisions.add(rs.getString(1));
        }
      }
      return decisions;
    }
  }

  @Test
  @Order(1)
  void servesAPolicyWithLimitsAndDocumentsThe429() {
    serve(10, true);
    // the first question loads the embedding model: keep it out of the minute measured below
    ask("warm-up", "Quel est le préavis de démission ?").then().statusCode(200);
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            "paths.'/v1/agents/{workflow}/ask'.post.responses.'429'.headers", hasKey("Retry-After"))
        .body(
            "paths.'/v1/chat/completions'.post.responses.'429'.content",
            hasKey("application/problem+json"));
  }

  @Test
  @Order(2)
  void theFourthRequestOfACallerInAMinuteIsRefusedWithRetryAfter() throws Exception {
    for (int i = 0; i < 3; i++) {
      ask("alice", "Quel est le préavis de démission ?")
          .then()
          .statusCode(200)
          .body("fallback", equalTo(true))
          .body("fallbackReason", equalTo("no_evidence"));
    }

    Response refused = ask("alice", "Quel est le préavis de démission ?");
    refused
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hubia.io/problems/rate-limited"))
        .body("title", equalTo("Too many requests"))
        .body("status", equalTo(429))
        .body("instance", equalTo(ASK));
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 20L);
    assertThat(refused.jsonPath().getString("detail"))
        .startsWith(
            "You sent more requests than this workflow accepts from one caller: 3 per minute.")
        .endsWith("Retry in " + retryAfter + " s.");

    // the same limit on the OpenAI-compatible endpoint, which counts in the same bucket
    Response chat = chat("alice", "Quel est le préavis de démission ?");
    chat.then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hubia.io/problems/rate-limited"));
    assertThat(Long.parseLong(chat.header("Retry-After"))).isBetween(1L, 20L);

    // another caller is not affected
    ask("bob", "Quel est le préavis de démission ?").then().statusCode(200);
    chat("bob", "Quel est le préavis de démission ?")
        .then()
        .statusCode(200)
        .body("hubia.fallbackReason", equalTo("no_evidence"));

    // two refusals counted, the first one audited
    assertThat(refused("requests_subject")).isEqualTo(2.0);
    List<String> audited = refusalsAudited("alice");
    assertThat(audited).hasSize(1);
    assertThat(audited.get(0)).contains("\"outcome\": \"requests_subject\"");
  }

  @Test
  @Order(3)
  void aCallerWhoseTokensOfTheDayAreSpentIsRefusedUntilMidnightInParis() throws Exception {
    // carol's model answers of today, as another replica would have audited them
    audit.append(
        AuditEvent.builder()
            .namespace("hubia-demo")
            .workflow(WORKFLOW)
            .subject("carol")
            .occurredAt(Instant.now())
            .model("mistral-small")
            .tokensIn(900L)
            .tokensOut(150L)
            .build());

    Response refused = ask("carol", "Quel est le préavis de démission ?");
    refused
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hubia.io/problems/token-budget-exhausted"))
        .body("title", equalTo("Token budget exhausted"));
    long toMidnight =
        Duration.between(
                Instant.now(), LocalDate.now(PARIS).plusDays(1).atStartOfDay(PARIS).toInstant())
            .toSeconds();
    assertThat(Long.parseLong(refused.header("Retry-After")))
        .isBetween(toMidnight - 5, toMidnight + 5);
    assertThat(refused.jsonPath().getString("detail"))
        .startsWith(
            "Your model token budget on this workflow is spent for today: 1000 tokens per day for"
                + " one caller. It is renewed at midnight (Europe/Paris)")
        .doesNotContain("1050");
    chat("carol", "Quel est le préavis de démission ?")
        .then()
        .statusCode(429)
        .body("type", equalTo("https://hubia.io/problems/token-budget-exhausted"));

    // no model is needed to greet: never refused by a token budget
    ask("carol", "Bonjour !").then().statusCode(200).body("fallback", equalTo(false));
    // another caller's budget is whole
    ask("dave", "Quel est le préavis de démission ?").then().statusCode(200);

    assertThat(refused("tokens_subject")).isEqualTo(2.0);
    assertThat(refusalsAudited("carol"))
        .singleElement()
        .asString()
        .contains("\"outcome\": \"tokens_subject\"");
  }

  @Test
  @Order(4)
  void withTheAuditDatabaseStoppedBudgetsFailClosedUnlessThePolicyFailsOpen() {
    EmbeddedPostgresResource.server().stop();
    try {
      ask("erin", "Quel est le préavis de démission ?")
          .then()
          .statusCode(503)
          .body("type", equalTo("https://hubia.io/problems/audit-unavailable"));

      serve(11, false);
      ask("erin", "Quel est le préavis de démission ?")
          .then()
          .statusCode(200)
          .body("fallbackReason", equalTo("no_evidence"));
      assertThat(metric("hubia_limits_budget_unchecked_total")).isEqualTo(1.0);
    } finally {
      EmbeddedPostgresResource.server().restart();
    }
  }
}
