package io.hubia.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.audit.AuditService;
import io.hubia.runtime.audit.AuditUnavailableException;
import io.hubia.runtime.testing.ConfigMapVolume;
import io.hubia.runtime.testing.ConfigMapVolumeResource;
import io.hubia.runtime.testing.EmbeddedPostgresResource;
import io.hubia.runtime.testing.SampleConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runtime as a whole, over HTTP: it starts on a file it cannot read (an unsupported format
 * version), becomes ready when the file is fixed and its audit store (an embedded PostgreSQL) is
 * migrated, serves the workflow, answers problem details, follows ConfigMap updates, and goes
 * unready while the audit database is stopped. The methods run in order: each one starts from the
 * state the previous one left.
 */
@QuarkusTest
@WithTestResource(ConfigMapVolumeResource.class)
@WithTestResource(EmbeddedPostgresResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuntimeHttpIT {
  private static final String WORKFLOW = "assistant-juridique";
  private static final String CHECK = "checks.find { it.name == 'runtime-configuration' }";
  private static final String AUDIT_CHECK = "checks.find { it.name == 'audit-store' }";

  @Inject AuditService audit;

  @ConfigProperty(name = "hubia.config.path")
  String configPath;

  private ConfigMapVolume volume() {
    return ConfigMapVolume.open(Path.of(configPath).getParent(), RuntimeConfig.FILE_NAME);
  }

  private static void await(Runnable assertion) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(assertion::run);
  }

  private static JsonPath readiness(int expectedStatus) {
    return given().get("/q/health/ready").then().statusCode(expectedStatus).extract().jsonPath();
  }

  private static double metric(String name) {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
    assertThat(m.find()).as("metric %s in /q/metrics", name).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  @Order(1)
  void notReadyWithTheReasonWhileTheFileIsUnsupported() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

    JsonPath ready = readiness(503);
    assertThat(ready.getString("status")).isEqualTo("DOWN");
    assertThat(ready.getString(CHECK + ".data.reason"))
        .startsWith("no valid configuration loaded yet: unsupported formatVersion 2");

    given()
        .get("/v1/agents/" + WORKFLOW)
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hubia.io/problems/configuration-unavailable"))
        .body("status", equalTo(503));
    assertThat(metric("hubia_config_reload_failures_total")).isEqualTo(1.0);
    assertThat(metric("hubia_config_reloads_total")).isEqualTo(0.0);
  }

  @Test
  @Order(2)
  void readyOnceAValidFileIsMounted() {
    volume().update(SampleConfig.valid(WORKFLOW, 7, "membres", 4));

    await(() -> assertThat(given().get("/q/health/ready").statusCode()).isEqualTo(200));
    JsonPath ready = readiness(200);
    assertThat(ready.getString("status")).isEqualTo("UP");
    assertThat(ready.getString(CHECK + ".data.workflow")).isEqualTo(WORKFLOW);
    assertThat(ready.getString(CHECK + ".data.workflowGeneration")).isEqualTo("7");
    // the test resource's database wins over the file's audit.jdbcUrl
    assertThat(ready.getString(AUDIT_CHECK + ".status")).isEqualTo("UP");
    assertThat(ready.getString(AUDIT_CHECK + ".data.state")).isEqualTo("ACTIVE");
    assertThat(ready.getString(AUDIT_CHECK + ".data.database"))
        .startsWith("jdbc:postgresql://localhost:");
    assertThat(metric("hubia_config_reloads_total")).isEqualTo(1.0);
    assertThat(metric("hubia_config_workflow_generation")).isEqualTo(7.0);
  }

  @Test
  @Order(3)
  void describesTheServedWorkflow() {
    given()
        .get("/v1/agents/" + WORKFLOW)
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("name", equalTo(WORKFLOW))
        .body("namespace", equalTo("hubia-demo"))
        .body("generation", equalTo(7))
        .body("policy.name", equalTo("membres"))
        .body("policy.generation", equalTo(4));
  }

  @Test
  @Order(4)
  void anUnknownWorkflowIsAProblemDetails() {
    given()
        .accept("application/json")
        .get("/v1/agents/someone-else")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hubia.io/problems/workflow-not-found"))
        .body("title", equalTo("Workflow not found"))
        .body("status", equalTo(404))
        .body("detail", containsString("someone-else"))
        .body("instance", equalTo("/v1/agents/someone-else"));

    given()
        .get("/v1/no-such-thing")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("about:blank"))
        .body("status", equalTo(404));
  }

  @Test
  @Order(5)
  void followsConfigMapUpdatesAndKeepsTheLastGoodOneWhenBroken() {
    volume().update(SampleConfig.valid(WORKFLOW, 8, "membres", 5));
    await(
        () ->
            given()
                .get("/v1/agents/" + WORKFLOW)
                .then()
                .statusCode(200)
                .body("generation", equalTo(8))
                .body("policy.generation", equalTo(5)));
    assertThat(metric("hubia_config_reloads_total")).isEqualTo(2.0);

    volume().update("formatVersion: 1\nworkflow: [broken\n");
    await(
        () ->
            assertThat(readiness(200).getString(CHECK + ".data.lastRejected"))
                .contains("is not valid YAML"));
    assertThat(metric("hubia_config_reload_failures_total")).isEqualTo(2.0);
    given().get("/v1/agents/" + WORKFLOW).then().statusCode(200).body("generation", equalTo(8));

    volume().update(SampleConfig.valid(WORKFLOW, 9, "membres", 5));
    await(() -> given().get("/v1/agents/" + WORKFLOW).then().body("generation", equalTo(9)));
    assertThat(readiness(200).getString(CHECK + ".data.lastRejected")).isNull();
    assertThat(metric("hubia_config_reloads_total")).isEqualTo(3.0);
    assertThat(metric("hubia_config_workflow_generation")).isEqualTo(9.0);
  }

  @Test
  @Order(6)
  void publishesTheOpenApiDocument() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("info.title", equalTo("Hubia runtime API"))
        .body(
            "paths.'/v1/agents/{workflow}'.get.responses.'404'.content",
            org.hamcrest.Matchers.hasKey("application/problem+json"))
        .body("openapi", startsWith("3."));
  }

  @Test
  @Order(7)
  void theDevelopmentTokenIssuerIsAbsentByDefault() {
    given()
        .contentType("application/json")
        .body("{\"subject\": \"alice\"}")
        .post("/v1/dev/token")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("about:blank"));
    given().get("/v1/dev/token").then().statusCode(404);
    given()
        .get("/v1/me")
        .then()
        .statusCode(401)
        .body("type", equalTo("https://hubia.io/problems/authentication-required"));
  }

  private static AuditEvent event() {
    return AuditEvent.builder().workflow(WORKFLOW).namespace("hubia-demo").subject("alice").build();
  }

  @Test
  @Order(8)
  void writesAuditEventsAndCountsThem() {
    assertThat(audit.append(event())).hasSize(36);
    assertThat(metric("hubia_audit_events_total")).isEqualTo(1.0);
    assertThat(metric("hubia_audit_failures_total")).isEqualTo(0.0);
    assertThat(metric("hubia_audit_last_event_timestamp_seconds"))
        .isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
  }

  @Test
  @Order(9)
  void unreadyWhileTheAuditDatabaseIsStoppedAndBackAfterwards() {
    EmbeddedPostgresResource.server().stop();
    try {
      assertThatThrownBy(() -> audit.append(event())).isInstanceOf(AuditUnavailableException.class);
      assertThat(metric("hubia_audit_failures_total")).isEqualTo(1.0);
      await(() -> assertThat(readiness(503).getString(AUDIT_CHECK + ".status")).isEqualTo("DOWN"));
      assertThat(readiness(503).getString(AUDIT_CHECK + ".data.reason")).isNotBlank();
      given().get("/q/health/live").then().statusCode(200);
    } finally {
      EmbeddedPostgresResource.server().restart();
    }
    await(() -> assertThat(given().get("/q/health/ready").statusCode()).isEqualTo(200));
    audit.append(event());
    assertThat(metric("hubia_audit_events_total")).isEqualTo(2.0);
  }
}
