package io.hubia.runtime.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.testing.EmbeddedPostgresServer;
import io.hubia.runtime.testing.SampleConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The audit endpoints over HTTP on the running application, with a real PostgreSQL (embedded) as
 * its audit store and development tokens: {@code POST /v1/audit/verify} for auditors only, on an
 * intact then a tampered chain, and {@code GET /v1/audit/health} with the periodic verification
 * (every second here). The methods run in order.
 */
@QuarkusTest
@WithTestResource(AuditHttpIT.Stack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditHttpIT {
  private static final String WORKFLOW = "assistant-juridique";
  private static final String NS = "hubia-demo";

  /** A served workflow (roles claim {@code roles}), its audit database, the dev issuer. */
  public static class Stack implements QuarkusTestResourceLifecycleManager {
    static volatile EmbeddedPostgresServer pg;
    private Path dir;

    @Override
    public Map<String, String> start() {
      pg = EmbeddedPostgresServer.start();
      try {
        dir = Files.createTempDirectory("hubia-audit-http-it");
        Path file = dir.resolve(RuntimeConfig.FILE_NAME);
        Files.writeString(file, SampleConfig.valid(WORKFLOW, 7, "membres", 4));
        return Map.of(
            "hubia.config.path", file.toString(),
            "hubia.dev-issuer.enabled", "true",
            "hubia.audit.jdbc-url", pg.jdbcUrl(),
            "hubia.audit.username", "postgres",
            "hubia.audit.verify-interval", "1s");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void stop() {
      if (pg != null) {
        pg.close();
        pg = null;
      }
      try {
        if (dir != null) {
          Files.deleteIfExists(dir.resolve(RuntimeConfig.FILE_NAME));
          Files.deleteIfExists(dir);
        }
      } catch (IOException e) {
        // a leftover temp folder is harmless
      }
    }
  }

  @Inject AuditService audit;

  private static void await(Runnable assertion) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(assertion::run);
  }

  private static JsonPath health() {
    return given()
        .get("/v1/audit/health")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .extract()
        .jsonPath();
  }

  private static String token(String subject, List<String> roles) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("subject", subject, "claims", Map.of("roles", roles)))
        .post("/v1/dev/token")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("token");
  }

  /** POST /v1/audit/verify as an auditor, again while the periodic verification runs (409). */
  private static Response verifyAsAuditor() {
    String token = token("claire", List.of("auditor"));
    Response[] last = new Response[1];
    await(
        () -> {
          last[0] =
              given()
                  .header("Authorization", "Bearer " + token)
                  .queryParam("workflow", WORKFLOW)
                  .post("/v1/audit/verify");
          assertThat(last[0].statusCode()).isNotEqualTo(409);
        });
    return last[0];
  }

  private static double metric(String name, String labels) {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\} (\\S+)$")
            .matcher(body);
    assertThat(m.find()).as("metric %s{%s} in /q/metrics", name, labels).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  @Order(1)
  void healthShowsTheStoreAndThePeriodicVerification() {
    await(
        () -> {
          JsonPath h = health();
          assertThat(h.getString("state")).isEqualTo("Active");
          assertThat(h.getBoolean("canWrite")).isTrue();
          assertThat(h.getList("verifications")).hasSize(1);
        });
    JsonPath h = health();
    assertThat(h.getInt("formatVersion")).isEqualTo(1);
    assertThat(h.getBoolean("failClosed")).isTrue();
    assertThat(h.getString("verifications[0].namespace")).isEqualTo(NS);
    assertThat(h.getString("verifications[0].workflow")).isEqualTo(WORKFLOW);
    assertThat(h.getBoolean("verifications[0].intact")).isTrue();
    assertThat(h.getString("lastError")).isNull();
  }

  @Test
  @Order(2)
  void verifyIsForAuditorsOnly() {
    for (int i = 0; i < 3; i++) {
      audit.append(
          AuditEvent.builder()
              .namespace(NS)
              .workflow(WORKFLOW)
              .subject("alice")
              .answer("Un mois [1].")
              .build());
    }

    given()
        .queryParam("workflow", WORKFLOW)
        .post("/v1/audit/verify")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hubia.io/problems/authentication-required"));
    given()
        .header("Authorization", "Bearer " + token("alice", List.of("member")))
        .queryParam("workflow", WORKFLOW)
        .post("/v1/audit/verify")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hubia.io/problems/forbidden"))
        .body("detail", equalTo("Verifying the audit trail needs the role 'auditor'."));
    String auditor = token("claire", List.of("auditor"));
    given()
        .header("Authorization", "Bearer " + auditor)
        .post("/v1/audit/verify")
        .then()
        .statusCode(400)
        .body("type", equalTo("https://hubia.io/problems/invalid-request"));
    given()
        .header("Authorization", "Bearer " + auditor)
        .queryParam("workflow", "someone-else")
        .post("/v1/audit/verify")
        .then()
        .statusCode(404)
        .body("type", equalTo("https://hubia.io/problems/workflow-not-found"));

    Response verified = verifyAsAuditor();
    assertThat(verified.statusCode()).isEqualTo(200);
    JsonPath report = verified.jsonPath();
    assertThat(report.getBoolean("intact")).isTrue();
    assertThat(report.getInt("eventsChecked")).isEqualTo(3);
    assertThat(report.getString("source")).isEqualTo("database");
    assertThat(report.getString("namespace")).isEqualTo(NS);
    assertThat(report.getString("headHash")).hasSize(64);
    assertThat(report.getString("firstBroken")).isNull();

    JsonPath h = health();
    assertThat(h.getLong("eventsWritten")).isEqualTo(3);
    assertThat(h.getString("lastEventTime")).isNotNull();
    assertThat(h.prettify()).doesNotContain("alice").doesNotContain("Un mois");
  }

  @Test
  @Order(3)
  void aTamperedEventIsReportedByTheEndpointTheHealthAndTheMetrics() throws Exception {
    long id;
    try (Connection c = Stack.pg.connect();
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT min(id) + 1 FROM audit_event");
      rs.next();
      id = rs.getLong(1);
      s.executeUpdate("UPDATE audit_event SET answer = 'Deux mois.' WHERE id = " + id);
    }

    Response verified = verifyAsAuditor();
    assertThat(verified.statusCode()).isEqualTo(200);
    JsonPath report = verified.jsonPath();
    assertThat(report.getBoolean("intact")).isFalse();
    assertThat(report.getLong("firstBroken.id")).isEqualTo(id);
    assertThat(report.getString("firstBroken.problem")).isEqualTo("HashMismatch");
    assertThat(report.getString("firstBroken.detail")).doesNotContain("Deux mois");

    JsonPath h = health();
    assertThat(h.getBoolean("verifications[0].intact")).isFalse();
    assertThat(h.getString("verifications[0].firstBroken.problem")).isEqualTo("HashMismatch");
    assertThat(metric("hubia_audit_chain_intact", "workflow=\"" + WORKFLOW + "\"")).isZero();
    assertThat(metric("hubia_audit_verifications_total", "result=\"broken\"")).isPositive();
    assertThat(metric("hubia_audit_verifications_total", "result=\"intact\"")).isPositive();
  }

  @Test
  @Order(4)
  void aDatabaseThatCannotBeReadIsA503AndAFailedVerificationInTheHealth() {
    Stack.pg.stop();
    try {
      Response verified = verifyAsAuditor();
      assertThat(verified.statusCode()).isEqualTo(503);
      assertThat(verified.jsonPath().getString("type"))
          .isEqualTo("https://hubia.io/problems/audit-unavailable");
      JsonPath h = health();
      assertThat(h.getString("verifications[0].error")).isNotBlank();
      assertThat(h.get("verifications[0].intact") == null).isTrue();
      await(() -> assertThat(health().getBoolean("canWrite")).isFalse());
      assertThat(health().getString("lastError")).isNotBlank();
    } finally {
      Stack.pg.restart();
    }
    await(() -> assertThat(health().getBoolean("canWrite")).isTrue());
  }

  @Test
  @Order(5)
  void theEndpointsAreInTheOpenApiDocument() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(
            "paths.'/v1/audit/verify'.post.responses.'403'.content",
            org.hamcrest.Matchers.hasKey("application/problem+json"))
        .body(
            "paths.'/v1/audit/health'.get.responses.'200'.description",
            equalTo("The health report"));
  }
}
