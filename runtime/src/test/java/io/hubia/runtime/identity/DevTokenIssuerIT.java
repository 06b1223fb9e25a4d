package io.hubia.runtime.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Local mode's token issuer over HTTP, enabled by {@code hubia.dev-issuer.enabled=true}: its tokens
 * authenticate {@code GET /v1/me}, and authentication failures are problem details. That the
 * endpoint is absent by default is checked by {@code RuntimeHttpIT}, which runs with the default
 * settings.
 */
@QuarkusTest
@TestProfile(DevTokenIssuerIT.DevIssuerEnabled.class)
class DevTokenIssuerIT {

  /** Local mode: the development issuer on, no configuration file, no audit store. */
  public static class DevIssuerEnabled implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hubia.dev-issuer.enabled", "true",
          "hubia.config.path", "target/no-such-config/hubia-runtime.yaml");
    }
  }

  private static JsonPath issue(Map<String, Object> request) {
    return given()
        .contentType(ContentType.JSON)
        .body(request)
        .post("/v1/dev/token")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .extract()
        .jsonPath();
  }

  @Test
  void issuesTokensThatAuthenticateTheCaller() {
    JsonPath issued =
        issue(
            Map.of(
                "subject",
                "alice",
                "claims",
                Map.of("realm_access", Map.of("roles", List.of("member", "juriste"))),
                "ttlSeconds",
                600));
    String token = issued.getString("token");
    assertThat(token.split("\\.")).hasSize(3);
    assertThat(Instant.parse(issued.getString("expiresAt")))
        .isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(601));

    given()
        .header("Authorization", "Bearer " + token)
        .get("/v1/me")
        .then()
        .statusCode(200)
        .body("subject", equalTo("alice"))
        .body("issuer", equalTo("hubia-local"))
        .body("roles", equalTo(List.of("member", "juriste")));

    // default lifetime: one hour
    JsonPath byDefault = issue(Map.of("subject", "bob"));
    assertThat(Instant.parse(byDefault.getString("expiresAt")))
        .isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3601));
  }

  @Test
  void refusesInvalidRequests() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("subject", "alice", "claims", Map.of("iss", "https://elsewhere")))
        .post("/v1/dev/token")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("https://hubia.io/problems/invalid-request"))
        .body("detail", Matchers.containsString("may not set iss"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("claims", Map.of()))
        .post("/v1/dev/token")
        .then()
        .statusCode(400)
        .body("detail", equalTo("subject is required"));
  }

  @Test
  void unauthenticatedRequestsGetProblemDetailsWithoutTheToken() {
    given()
        .get("/v1/me")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", equalTo("Bearer realm=\"hubia\""))
        .body("type", equalTo("https://hubia.io/problems/authentication-required"))
        .body("status", equalTo(401))
        .body("instance", equalTo("/v1/me"));

    String token = issue(Map.of("subject", "alice")).getString("token");
    String tampered = token.substring(0, token.length() - 6) + "AAAAAA";
    String body =
        given()
            .header("Authorization", "Bearer " + tampered)
            .get("/v1/me")
            .then()
            .statusCode(401)
            .contentType("application/problem+json")
            .header(
                "WWW-Authenticate", startsWith("Bearer realm=\"hubia\", error=\"invalid_token\""))
            .header("WWW-Authenticate", not(Matchers.containsString(token.substring(0, 30))))
            .body("type", equalTo("https://hubia.io/problems/invalid-token"))
            .extract()
            .asString();
    assertThat(body).doesNotContain(token.substring(0, 30)).doesNotContain("alice");
  }

  @Test
  void theIssuerIsLeftOutOfTheOpenApiDocument() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths", Matchers.not(Matchers.hasKey("/v1/dev/token")))
        .body("paths", Matchers.hasKey("/v1/me"));
  }
}
