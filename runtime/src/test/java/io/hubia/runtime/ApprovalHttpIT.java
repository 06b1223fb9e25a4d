package io.hubia.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.runtime.agent.ApprovalDesk;
import io.hubia.runtime.testing.AnsweringStackResource;
import io.hubia.runtime.testing.ReplayingOpenAiServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Human approval end to end, over HTTP, against the real stack of {@link AnsweringStackResource}
 * (OpenSearch, PostgreSQL, the replayed model) and the workflows of {@code
 * http-it/approbation.yaml.template}: a tool call that needs approval holds the request (409 with
 * its id, the call not made), an approver lists, rejects or approves it with a reason, the caller
 * then gets the answer made with the tool's result; answers below the confidence threshold wait for
 * an approver, and one nobody decides in time takes the policy's timeout outcome. Every step is an
 * audit event and a metric; nobody approves their own request, and a caller sees only their own
 * requests.
 */
@QuarkusTest
@WithTestResource(AnsweringStackResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalHttpIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONGES =
      "Combien de jours de congés payés acquiert un salarié par mois ?";
  private static final String CADRE =
      "Quelle est la durée maximale de la période d'essai d'un cadre en CDI ?";
  private static final String PREAVIS =
      "Quel délai de prévenance un salarié doit-il respecter pour mettre fin à sa période"
          + " d'essai ?";
  private static final String CONGES_DOC =
      "national:fiches-pratiques/droit-du-travail/conges-payes.md";

  @Inject ApprovalDesk desk;

  @AfterEach
  void noUnexpectedModelRequest() {
    assertThat(AnsweringStackResource.models().errors()).isEmpty();
  }

  private static String token(String subject, String role) {
    return given()
        .contentType("application/json")
        .body(
            Map.of(
                "subject",
                subject,
                "claims",
                Map.of("realm_access", Map.of("roles", List.of(role)))))
        .post("/v1/dev/token")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  private static String member() {
    return token("entreprise-martin", "adherent");
  }

  private static String otherMember() {
    return token("entreprise-durand", "adherent");
  }

  private static String reviewer() {
    return token("claire-relectrice", "relecteur");
  }

  private static Response ask(String workflow, String token, String question) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(Map.of("question", question))
        .post("/v1/agents/" + workflow + "/ask");
  }

  private static Response decide(
      String workflow, String id, String token, String decision, String reason) {
    return given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body(reason == null ? Map.of() : Map.of("reason", reason))
        .post("/v1/agents/" + workflow + "/approvals/" + id + "/" + decision);
  }

  private static Response result(String workflow, String id, String token) {
    return given()
        .header("Authorization", "Bearer " + token)
        .get("/v1/agents/" + workflow + "/approvals/" + id + "/result");
  }

  private static JsonNode json(Response response) {
    try {
      return JSON.readTree(response.asString());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The request id of a 409 held reply, after checking its shape. */
  private static String held(Response response, String workflow, String kind) {
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.path("type").asText())
        .isEqualTo("https://hubia.io/problems/approval-pending");
    assertThat(problem.path("kind").asText()).isEqualTo(kind);
    assertThat(problem.path("deadline").asText()).isNotBlank();
    String id = problem.path("requestId").asText();
    assertThat(response.header("Location"))
        .endsWith("/v1/agents/" + workflow + "/approvals/" + id + "/result");
    return id;
  }

  private static List<String> modelRequests() {
    return AnsweringStackResource.models().received().stream()
        .map(ReplayingOpenAiServer.Received::userText)
        .toList();
  }

  /** The audit events whose decisions mention {@code text}: subject and each decision's step. */
  private static List<String> auditedSteps(String text) throws Exception {
    List<String> steps = new ArrayList<>();
    try (Connection c = AnsweringStackResource.database().connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT e.subject, d->>'step' AS step, d->>'outcome' AS outcome FROM audit_event e,"
                    + " jsonb_array_elements(e.decisions) AS d WHERE d->>'detail' LIKE ?"
                    + " ORDER BY e.id")) {
      s.setString(1, "%" + text + "%");
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          steps.add(
              rows.getString("subject")
                  + " "
                  + rows.getString("step")
                  + " "
                  + rows.getString("outcome"));
        }
      }
    }
    return steps;
  }

  @Test
  @Order(1)
  void ready() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> given().get("/v1/agents/approbation-outil").then().statusCode(200));
  }

  @Test
  @Order(2)
  void aToolCallThatNeedsApprovalIsHeldApprovedAndThenAnswered() throws Exception {
    int before = AnsweringStackResource.models().received().size();
    Response asked = ask("approbation-outil", member(), CONGES);
    String id = held(asked, "approbation-outil", "tool");
    // the model asked for the call; the call was not made, so the model was not called again
    assertThat(modelRequests().subList(before, modelRequests().size())).hasSize(1);

    // the caller waits: 409 with the same id
    assertThat(held(result("approbation-outil", id, member()), "approbation-outil", "tool"))
        .isEqualTo(id);
    // another caller, even an approver asking for the result, does not see it
    result("approbation-outil", id, otherMember()).then().statusCode(404);
    // a member is no approver
    given()
        .header("Authorization", "Bearer " + member())
        .get("/v1/agents/approbation-outil/approvals")
        .then()
        .statusCode(403);
    decide("approbation-outil", id, member(), "approve", "ok").then().statusCode(403);

    // the approver sees who, what, why and until when
    JsonNode queue =
        json(
            given()
                .header("Authorization", "Bearer " + reviewer())
                .get("/v1/agents/approbation-outil/approvals?status=pending"));
    JsonNode request = null;
    for (JsonNode r : queue) {
      if (r.path("id").asText().equals(id)) {
        request = r;
      }
    }
    assertThat(request).as(queue.toString()).isNotNull();
    assertThat(request.path("subject").asText()).isEqualTo("entreprise-martin");
    assertThat(request.path("kind").asText()).isEqualTo("tool");
    assertThat(request.path("status").asText()).isEqualTo("pending");
    assertThat(request.path("why").asText()).isEqualTo("tool_requires_approval");
    assertThat(request.path("what").path("tool").asText()).isEqualTo("recherche-federation");
    assertThat(request.path("what").path("arguments").path("query").asText())
        .contains("congés payés");
    assertThat(request.path("deadline").asText()).isNotBlank();
    assertThat(request.path("onTimeout").asText()).isEqualTo("Reject");

    // a rejection needs a reason; a bad id is a 404
    decide("approbation-outil", id, reviewer(), "reject", null)
        .then()
        .statusCode(400)
        .body("type", equalTo("https://hubia.io/problems/invalid-request"));
    decide("approbation-outil", "pas-un-uuid", reviewer(), "approve", "ok").then().statusCode(404);

    double approvedBefore =
        AnsweringHttpIT.metric(
            "hubia_approvals_decided_total",
            "by=\"approver\",kind=\"tool\",outcome=\"approved\",workflow=\"approbation-outil\"");
    JsonNode decided =
        json(
            decide(
                "approbation-outil",
                id,
                reviewer(),
                "approve",
                "Recherche dans les fiches publiques : d'accord."));
    assertThat(decided.path("status").asText()).as(decided.toString()).isEqualTo("approved");
    assertThat(decided.path("decidedBy").asText()).isEqualTo("claire-relectrice");
    assertThat(decided.path("resultReady").asBoolean()).isTrue();
    assertThat(
            AnsweringHttpIT.metric(
                "hubia_approvals_decided_total",
                "by=\"approver\",kind=\"tool\",outcome=\"approved\",workflow=\"approbation-outil\""))
        .isEqualTo(approvedBefore + 1);
    // decided once
    decide("approbation-outil", id, reviewer(), "reject", "trop tard")
        .then()
        .statusCode(409)
        .body("type", equalTo("https://hubia.io/problems/approval-decided"));

    // approved, the request ran again: the call was made and the model answered with its result
    JsonNode reply = json(result("approbation-outil", id, member()));
    assertThat(reply.path("fallback").asBoolean()).as(reply.toString()).isFalse();
    assertThat(reply.path("answer").asText()).contains("2,5 jours ouvrables");
    assertThat(reply.path("citations").findValuesAsText("documentId")).contains(CONGES_DOC);
    // the same reply every time
    assertThat(json(result("approbation-outil", id, member()))).isEqualTo(reply);

    // audited: held (the member), decided (the approver), resumed (the member), delivered
    assertThat(auditedSteps(id.toString()))
        .containsSubsequence(
            "entreprise-martin approval held",
            "claire-relectrice approval approved",
            "entreprise-martin approval resumed",
            "entreprise-martin approval-result delivered");
  }

  @Test
  @Order(3)
  void aRejectedToolCallIsNeverMadeAndTheCallerGetsTheFallback() throws Exception {
    String id = held(ask("approbation-outil", member(), CONGES), "approbation-outil", "tool");
    int before = modelRequests().size();
    JsonNode decided =
        json(
            decide("approbation-outil", id, reviewer(), "reject", "Pas de recherche aujourd'hui."));
    assertThat(decided.path("status").asText()).isEqualTo("rejected");
    assertThat(decided.path("decisionReason").asText()).isEqualTo("Pas de recherche aujourd'hui.");
    assertThat(modelRequests()).hasSize(before);

    JsonNode reply = json(result("approbation-outil", id, member()));
    assertThat(reply.path("fallback").asBoolean()).isTrue();
    assertThat(reply.path("fallbackReason").asText()).isEqualTo(ApprovalDesk.REJECTED);
    assertThat(reply.path("citations")).isEmpty();
    assertThat(auditedSteps(id)).contains("claire-relectrice approval rejected");
  }

  @Test
  @Order(4)
  void nobodyApprovesTheirOwnRequest() {
    String id = held(ask("approbation-outil", reviewer(), CONGES), "approbation-outil", "tool");
    decide("approbation-outil", id, reviewer(), "approve", "moi-même")
        .then()
        .statusCode(403)
        .body("detail", org.hamcrest.Matchers.containsString("another approver"));
    // another reviewer may
    decide("approbation-outil", id, token("paul-relecteur", "relecteur"), "approve", "vu")
        .then()
        .statusCode(200);
  }

  @Test
  @Order(8)
  void anApproverWhoMayNotReadTheSourcesSeesNothingOfThemAndCannotDecide() {
    String id = held(ask("approbation-outil", member(), CONGES), "approbation-outil", "tool");
    String publicReviewer = token("louis-relecteur-site", "relecteur-public");
    JsonNode view =
        json(
            given()
                .header("Authorization", "Bearer " + publicReviewer)
                .get("/v1/agents/approbation-outil/approvals/" + id));
    // the member's evidence includes documents for members only
    assertThat(view.path("what").path("withheld").asText()).isNotBlank();
    assertThat(view.path("what").has("arguments")).isFalse();
    assertThat(view.has("question")).isFalse();
    assertThat(view.path("why").asText()).isEqualTo("tool_requires_approval");
    decide("approbation-outil", id, publicReviewer, "approve", "ok")
        .then()
        .statusCode(403)
        .body("detail", org.hamcrest.Matchers.containsString("may not read"));
    // an approver who reads them decides
    decide("approbation-outil", id, reviewer(), "reject", "Hors sujet.").then().statusCode(200);
  }

  @Test
  @Order(9)
  void aCallThatBreaksAnArgumentLimitIsRefusedCountedAndAuditedNotHeld() throws Exception {
    String labels =
        "reason=\"argument_too_long\",tool=\"recherche-federation\",workflow=\"approbation-outil\"";
    double before = AnsweringHttpIT.metric("hubia_tool_calls_denied_total", labels);
    Response asked =
        ask(
            "approbation-outil",
            member(),
            "Combien de jours continus doit compter le congé principal ?");
    // refused by its limit before approval is even considered: nothing to approve
    assertThat(asked.statusCode()).as(asked.asString()).isEqualTo(200);
    JsonNode reply = json(asked);
    assertThat(reply.path("answer").asText()).contains("12 jours ouvrables");
    assertThat(AnsweringHttpIT.metric("hubia_tool_calls_denied_total", labels))
        .isEqualTo(before + 1);
    try (Connection c = AnsweringStackResource.database().connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT d->>'outcome' AS outcome, d->>'detail' AS detail FROM audit_event e,"
                    + " jsonb_array_elements(e.decisions) AS d WHERE e.event_id = ?::uuid AND"
                    + " d->>'step' = 'tool:recherche-federation'")) {
      s.setString(1, reply.path("auditId").asText());
      try (ResultSet rows = s.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString("outcome")).isEqualTo("DENIED");
        // the argument's name, never its value
        assertThat(rows.getString("detail")).isEqualTo("argument_too_long:query");
      }
    }
  }

  @Test
  @Order(5)
  void anAnswerBelowTheConfidenceThresholdWaitsForAnApprover() throws Exception {
    Response asked = ask("approbation-reponse", member(), CADRE);
    String id = held(asked, "approbation-reponse", "answer");
    JsonNode view =
        json(
            given()
                .header("Authorization", "Bearer " + reviewer())
                .get("/v1/agents/approbation-reponse/approvals/" + id));
    // the approver reads the question and the held answer with its sources and confidence
    assertThat(view.path("question").asText()).isEqualTo(CADRE);
    assertThat(view.path("what").path("answer").asText()).contains("quatre mois");
    assertThat(view.path("what").path("citations")).isNotEmpty();
    double confidence = view.path("what").path("confidence").asDouble();
    assertThat(confidence).isBetween(0.0, 0.99);
    assertThat(view.path("why").asText()).startsWith("low_confidence: ").endsWith("< 0.99");
    // the requester may read their own request too
    given()
        .header("Authorization", "Bearer " + member())
        .get("/v1/agents/approbation-reponse/approvals/" + id)
        .then()
        .statusCode(200);
    given()
        .header("Authorization", "Bearer " + otherMember())
        .get("/v1/agents/approbation-reponse/approvals/" + id)
        .then()
        .statusCode(404);

    decide("approbation-reponse", id, reviewer(), "approve", null).then().statusCode(200);
    JsonNode reply = json(result("approbation-reponse", id, member()));
    assertThat(reply.path("fallback").asBoolean()).isFalse();
    assertThat(reply.path("answer").asText()).isEqualTo(view.path("what").path("answer").asText());
    assertThat(reply.path("confidence").asDouble()).isEqualTo(confidence);
    assertThat(reply.path("citations").findValuesAsText("documentId"))
        .contains("national:fiches-pratiques/droit-du-travail/periode-d-essai.md");
  }

  @Test
  @Order(6)
  void anAnswerNobodyDecidesInTimeTakesThePolicysTimeoutOutcome() throws Exception {
    String id = held(ask("approbation-delai", member(), PREAVIS), "approbation-delai", "answer");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> result("approbation-delai", id, member()).statusCode() == 200);
    JsonNode reply = json(result("approbation-delai", id, member()));
    // onTimeout: Approve
    assertThat(reply.path("fallback").asBoolean()).as(reply.toString()).isFalse();
    assertThat(reply.path("answer").asText()).contains("48 heures");
    JsonNode view =
        json(
            given()
                .header("Authorization", "Bearer " + reviewer())
                .get("/v1/agents/approbation-delai/approvals/" + id));
    assertThat(view.path("decidedBy").asText()).isEqualTo("timeout");
    assertThat(view.path("status").asText()).isEqualTo("approved");
    assertThat(auditedSteps(id)).contains("timeout approval approved");
    // too late to decide
    decide("approbation-delai", id, reviewer(), "reject", "trop tard").then().statusCode(409);
  }

  @Test
  @Order(7)
  void thePendingQueueIsAGauge() {
    String id = held(ask("approbation-reponse", member(), CADRE), "approbation-reponse", "answer");
    desk.sweep();
    assertThat(
            AnsweringHttpIT.metric("hubia_approvals_pending", "workflow=\"approbation-reponse\""))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            AnsweringHttpIT.metric(
                "hubia_approvals_requested_total",
                "kind=\"answer\",workflow=\"approbation-reponse\""))
        .isGreaterThanOrEqualTo(2);
    decide("approbation-reponse", id, reviewer(), "reject", "Réponse à revoir.")
        .then()
        .statusCode(200);
    desk.sweep();
    assertThat(
            AnsweringHttpIT.metric("hubia_approvals_pending", "workflow=\"approbation-reponse\""))
        .isEqualTo(0);
  }
}
