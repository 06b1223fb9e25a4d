package io.hubia.runtime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.runtime.testing.AdversarialStackResource;
import io.hubia.runtime.testing.IndexedChunks;
import io.hubia.runtime.testing.ReplayingOpenAiServer;
import io.hubia.runtime.testing.RestrictedDocuments;
import io.hubia.runtime.testing.RestrictedDocuments.Document;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No leak of a document through citations, snippets, answer text or error messages, over HTTP
 * against the real parts ({@link AdversarialStackResource}): a matrix of callers (a national
 * lawyer, a Lyon and a Paris branch employee, an employee whose token has no branch, a member
 * company) × restricted documents (every document of the federation example whose labels restrict
 * reading, and a planted canary document per kind of label, {@link RestrictedDocuments}) × three
 * questions (aimed at the content, quoting a secret, naming the file).
 *
 * <p>Where the caller may not read the document, its id, path, title, URI and secrets appear
 * nowhere in: the {@code /ask} reply of the extractive answerer and of a model that tries to leak
 * (it names the document and repeats its sentence, cited [1], though it was never given it), the
 * {@code /v1/chat/completions} reply, the problem details of malformed requests, over-long
 * questions and a follow-up in another caller's conversation, the audit event (answer, citations,
 * retrieved chunks), and the sources sent to the model. Every audit event cites and retrieves only
 * what its caller may read. Where the caller may read the document, its content question cites it
 * in most cases: the matrix can fail.
 */
@QuarkusTest
@WithTestResource(
    value = AdversarialStackResource.class,
    initArgs =
        @ResourceArg(name = AdversarialStackResource.SUITE, value = AdversarialStackResource.LEAK))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadLeakMatrixIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXTRACTIVE = "assistant-federation";
  private static final String MODEL = "modele-fuiteur";
  private static final String FOLLOW_UP = "Et quel en est le montant exact ?";

  /**
   * Share of the readable (caller, document) pairs whose content question cites the document with
   * the extractive answerer: measured 48/51 (the circular canary's question falls back as
   * not_answered for the three callers who may read it).
   */
  static final double EXTRACTIVE_CITED_BAR = 0.8;

  /**
   * The same with the leaking model, whose claim names the document's title and id: measured 43/51
   * (two fiches' claims judged insufficiently supported).
   */
  static final double MODEL_CITED_BAR = 0.7;

  /** The callers of the matrix, with the labels politique-federation lets each read. */
  enum Caller {
    NATIONAL(
        "juriste-national",
        Map.of("realm_access", Map.of("roles", List.of("juriste"))),
        Set.of("public", "adherents", "interne", "juridique-interne")),
    LYON(
        "collaboratrice-lyon",
        Map.of("realm_access", Map.of("roles", List.of("collaborateur")), "antenne", "lyon"),
        Set.of("public", "adherents", "interne", "antenne:lyon")),
    PARIS(
        "collaborateur-paris",
        Map.of("realm_access", Map.of("roles", List.of("collaborateur")), "antenne", "paris"),
        Set.of("public", "adherents", "interne", "antenne:paris")),
    NO_BRANCH(
        "collaborateur-sans-antenne",
        Map.of("realm_access", Map.of("roles", List.of("collaborateur"))),
        Set.of("public")),
    MEMBER(
        "entreprise-adherente",
        Map.of("realm_access", Map.of("roles", List.of("adherent"))),
        Set.of("public", "adherents"));

    final String subject;
    final Map<String, Object> claims;
    final Set<String> labels;

    Caller(String subject, Map<String, Object> claims, Set<String> labels) {
      this.subject = subject;
      this.claims = claims;
      this.labels = labels;
    }

    boolean mayRead(Set<String> documentLabels) {
      return documentLabels.stream().anyMatch(labels::contains);
    }
  }

  private static final Map<Caller, String> TOKENS = new ConcurrentHashMap<>();
  private static Map<String, Set<String>> labelsByDocument;
  private static Connection audit;

  // what the matrix saw, for the final report
  private static final List<String> LEAKS = Collections.synchronizedList(new ArrayList<>());
  private static final Map<String, int[]> CITED = new LinkedHashMap<>();
  private static final Map<String, Integer> REQUESTS = new LinkedHashMap<>();
  private static int combinations;
  private static int forbidden;
  private static int audited;
  private static final Map<String, String> CONVERSATIONS = new HashMap<>();
  private static final List<String> NOT_CITED = new ArrayList<>();

  @AfterAll
  static void closeAudit() throws SQLException {
    if (audit != null) {
      audit.close();
    }
  }

  @Test
  @Order(1)
  void theCorpusIsWhatTheMatrixAssumes() throws IOException {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    IndexedChunks chunks = IndexedChunks.read(AdversarialStackResource.node().url());
    labelsByDocument = chunks.labelsByDocument();
    Path documents = AdversarialStackResource.documents();
    Map<Path, String> texts = new HashMap<>();
    try (Stream<Path> files = Files.walk(documents)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        texts.put(f, RestrictedDocuments.normalised(Files.readString(f)));
      }
    }
    for (Document d : RestrictedDocuments.ALL) {
      assertThat(labelsByDocument.get(d.id()))
          .as("the labels %s is indexed with", d.id())
          .isEqualTo(d.labels());
      // a string that some other file holds could be quoted from it: it would prove nothing
      for (String needle : needles(d)) {
        texts.forEach(
            (file, text) -> {
              if (!file.equals(d.file(documents))) {
                assertThat(text)
                    .as("%s is %s's own", needle, d.id())
                    .doesNotContain(RestrictedDocuments.normalised(needle));
              }
            });
      }
      assertThat(texts.get(d.file(documents))).contains(RestrictedDocuments.normalised(d.fact()));
    }
  }

  static Stream<Arguments> combinations() {
    List<Arguments> all = new ArrayList<>();
    for (Caller caller : Caller.values()) {
      for (Document d : RestrictedDocuments.ALL) {
        all.add(Arguments.of(caller, d));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("combinations")
  @Order(2)
  void aDocumentReachesOnlyTheCallersWhoMayReadIt(Caller caller, Document document) {
    boolean may = caller.mayRead(document.labels());
    combinations++;
    if (may) {
      // the matrix can fail: a caller who may read the document gets it cited
      for (String workflow : List.of(EXTRACTIVE, MODEL)) {
        String where = workflow + " /ask " + caller + " \"" + document.question() + "\"";
        JsonNode reply = reply(ask(workflow, caller, document.question(), null), where);
        auditRow(reply.path("auditId").asText()).checkReadableBy(caller, where);
        int[] counts = CITED.computeIfAbsent(workflow, k -> new int[2]);
        counts[1]++;
        if (cited(reply).contains(document.id())) {
          counts[0]++;
        } else {
          NOT_CITED.add(where + " -> " + reply.path("fallbackReason").asText("answered"));
        }
      }
      return;
    }
    forbidden++;
    List<String> needles = needles(document);
    for (String question : document.questions()) {
      for (String workflow : List.of(EXTRACTIVE, MODEL)) {
        int before = AdversarialStackResource.models().received().size();
        Response response = ask(workflow, caller, question, null);
        String where = workflow + " /ask " + caller + " \"" + question + "\"";
        JsonNode reply = reply(response, where);
        AuditRow row = auditRow(reply.path("auditId").asText());
        row.checkReadableBy(caller, where);
        noNeedle(where, response.asString() + "\n" + texts(reply), needles);
        noNeedle(where + " (audit event)", row.toString(), needles);
        if (workflow.equals(MODEL)) {
          noNeedle(where + " (sources sent to the model)", sourcesSent(before), needles);
        }
      }
    }
    errorsAndOtherPathsLeakNothing(caller, document, needles);
  }

  /** Chat completions, malformed requests, too long a question, another caller's conversation. */
  private void errorsAndOtherPathsLeakNothing(
      Caller caller, Document document, List<String> needles) {
    Response chat =
        chat(
            caller,
            Map.of(
                "model",
                MODEL,
                "messages",
                List.of(Map.of("role", "user", "content", document.secretQuestion()))));
    String where = MODEL + " chat " + caller + " \"" + document.secretQuestion() + "\"";
    JsonNode completion = reply(chat, where);
    auditRow(completion.path("hubia").path("auditId").asText()).checkReadableBy(caller, where);
    noNeedle(where, chat.asString() + "\n" + texts(completion), needles);

    String secret = document.secrets().get(0);
    Map<String, Response> problems = new LinkedHashMap<>();
    problems.put(
        "a question that is not a string",
        post(
            "/v1/agents/" + EXTRACTIVE + "/ask",
            caller,
            "{\"question\": [\"" + secret + "\"], \"conversationId\": \"c\"}"));
    problems.put(
        "a truncated body",
        post(
            "/v1/agents/" + MODEL + "/ask",
            caller,
            "{\"question\": \"" + document.question() + " " + secret + "\", \"conversat"));
    problems.put(
        "a question over the policy's 2000 characters",
        ask(
            EXTRACTIVE,
            caller,
            document.question() + " " + (secret + " ").repeat(2000 / secret.length() + 1),
            null));
    problems.put(
        "a chat without a user message",
        chat(
            caller,
            Map.of(
                "model",
                MODEL,
                "messages",
                List.of(Map.of("role", "assistant", "content", document.fact())))));
    problems.forEach(
        (what, response) -> {
          String at = what + " from " + caller + " about " + document.key();
          noNeedle(at, response.asString(), needles);
          assertThat(response.statusCode()).as(at + ": " + response.asString()).isEqualTo(400);
          assertThat(response.contentType())
              .as(at + ": " + response.asString())
              .startsWith("application/problem+json");
        });

    // the conversation of a caller who may read the document, continued by one who may not
    String conversation = conversationAbout(document);
    if (conversation != null) {
      Response response = ask(EXTRACTIVE, caller, FOLLOW_UP, conversation);
      String at = "a follow-up in another caller's conversation, from " + caller;
      JsonNode reply = reply(response, at);
      AuditRow row = auditRow(reply.path("auditId").asText());
      row.checkReadableBy(caller, at);
      assertThat(row.decisions()).as(at).doesNotContain("\"rewrite\"");
      noNeedle(at, response.asString() + "\n" + texts(reply) + "\n" + row, needles);
    }
  }

  /**
   * The id of a conversation in which the first caller who may read {@code document} asked its
   * content question; {@code null} when no caller of the matrix may read it.
   */
  private String conversationAbout(Document document) {
    synchronized (CONVERSATIONS) {
      if (CONVERSATIONS.containsKey(document.id())) {
        return CONVERSATIONS.get(document.id());
      }
      String conversation = null;
      for (Caller owner : Caller.values()) {
        if (owner.mayRead(document.labels())) {
          conversation = "leak-matrix-" + document.key() + "-" + System.nanoTime();
          reply(ask(EXTRACTIVE, owner, document.question(), conversation), "owner");
          break;
        }
      }
      CONVERSATIONS.put(document.id(), conversation);
      return conversation;
    }
  }

  @Test
  @Order(3)
  void everyAuditEventOfTheMatrixCitesAndRetrievesOnlyWhatItsCallerMayRead() throws Exception {
    Map<String, Caller> bySubject = new HashMap<>();
    for (Caller c : Caller.values()) {
      bySubject.put(c.subject, c);
    }
    int events = 0;
    try (PreparedStatement s =
        audit()
            .prepareStatement(
                "SELECT subject, answer, citations::text AS c, retrieved::text AS r,"
                    + " decisions::text AS d FROM audit_event WHERE workflow IN (?, ?)")) {
      s.setString(1, EXTRACTIVE);
      s.setString(2, MODEL);
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          Caller caller = bySubject.get(rows.getString("subject"));
          if (caller == null) {
            continue;
          }
          events++;
          AuditRow row =
              new AuditRow(
                  rows.getString("answer"),
                  rows.getString("c"),
                  rows.getString("r"),
                  rows.getString("d"));
          row.checkReadableBy(caller, "audit event of " + caller);
          for (Document d : RestrictedDocuments.ALL) {
            if (!caller.mayRead(d.labels())) {
              noNeedle("audit answer of " + caller, String.valueOf(row.answer), needles(d));
            }
          }
        }
      }
    }
    System.out.printf("Leak matrix: %d audit events checked%n", events);
    try (PreparedStatement s =
            audit()
                .prepareStatement(
                    "SELECT workflow, count(*), round(avg(latency_ms)) FROM audit_event GROUP BY"
                        + " workflow ORDER BY workflow");
        ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        System.out.printf(
            "  %s: %d events, %d ms on average%n",
            rows.getString(1), rows.getLong(2), rows.getLong(3));
      }
    }
    assertThat(events).isGreaterThanOrEqualTo(audited);
  }

  @Test
  @Order(4)
  void theMatrixCouldHaveFailed() {
    int[] extractive = CITED.getOrDefault(EXTRACTIVE, new int[2]);
    int[] model = CITED.getOrDefault(MODEL, new int[2]);
    System.out.printf(
        "Leak matrix: %d callers x %d documents x 3 questions = %d combinations (%d pairs the"
            + " caller may not read, each asked its 3 questions on both answerers, by chat, in"
            + " malformed requests and in another caller's conversation); requests %s; %d leaks%n"
            + "  readable pairs whose content question cites the document: extractive %d/%d,"
            + " model %d/%d%n",
        Caller.values().length,
        RestrictedDocuments.ALL.size(),
        combinations * 3,
        forbidden,
        REQUESTS,
        LEAKS.size(),
        extractive[0],
        extractive[1],
        model[0],
        model[1]);
    LEAKS.forEach(l -> System.out.println("  LEAK " + l));
    NOT_CITED.forEach(l -> System.out.println("  not cited: " + l));
    assertThat(LEAKS).isEmpty();
    assertThat(combinations).isEqualTo(Caller.values().length * RestrictedDocuments.ALL.size());
    assertThat(extractive[1]).isEqualTo(combinations - forbidden);
    assertThat(extractive[0] / (double) extractive[1]).isGreaterThanOrEqualTo(EXTRACTIVE_CITED_BAR);
    assertThat(model[0] / (double) model[1]).isGreaterThanOrEqualTo(MODEL_CITED_BAR);
  }

  // --- what counts as a leak

  /** What must not reach a caller who may not read {@code d}. */
  static List<String> needles(Document d) {
    Path documents = AdversarialStackResource.documents();
    List<String> needles = new ArrayList<>();
    needles.add(d.id());
    needles.add(d.path());
    needles.add(d.title(documents));
    needles.add(d.uri(documents));
    needles.addAll(d.secrets());
    return needles;
  }

  private static void noNeedle(String where, String text, List<String> needles) {
    String haystack = RestrictedDocuments.normalised(text);
    for (String needle : needles) {
      if (haystack.contains(RestrictedDocuments.normalised(needle))) {
        LEAKS.add(
            where + ": \"" + needle + "\" in " + text.substring(0, Math.min(600, text.length())));
      }
    }
  }

  /** Every string value of a JSON reply, decoded (escapes, unicode) and joined. */
  private static String texts(JsonNode node) {
    StringBuilder out = new StringBuilder();
    node.forEach(child -> out.append(texts(child)).append('\n'));
    if (node.isValueNode()) {
      out.append(node.asText());
    }
    return out.toString();
  }

  /** The sources block of the model requests received since {@code before}. */
  private static String sourcesSent(int before) {
    List<ReplayingOpenAiServer.Received> all = AdversarialStackResource.models().received();
    StringBuilder sources = new StringBuilder();
    for (ReplayingOpenAiServer.Received r : all.subList(before, all.size())) {
      String user = r.userText();
      int question = user.lastIndexOf("Question : ");
      sources.append(question < 0 ? user : user.substring(0, question)).append('\n');
    }
    return sources.toString();
  }

  // --- HTTP

  private static String token(Caller caller) {
    return TOKENS.computeIfAbsent(
        caller,
        c ->
            given()
                .contentType("application/json")
                .body(Map.of("subject", c.subject, "claims", c.claims))
                .post("/v1/dev/token")
                .then()
                .statusCode(200)
                .extract()
                .path("token"));
  }

  private static Response ask(
      String workflow, Caller caller, String question, String conversation) {
    Map<String, Object> body = new HashMap<>();
    body.put("question", question);
    if (conversation != null) {
      body.put("conversationId", conversation);
    }
    count(workflow + " /ask");
    return given()
        .header("Authorization", "Bearer " + token(caller))
        .contentType("application/json")
        .body(body)
        .post("/v1/agents/" + workflow + "/ask");
  }

  private static Response chat(Caller caller, Map<String, Object> body) {
    count("chat completions");
    return given()
        .header("Authorization", "Bearer " + token(caller))
        .contentType("application/json")
        .body(body)
        .post("/v1/chat/completions");
  }

  private static Response post(String path, Caller caller, String rawBody) {
    count("malformed");
    return given()
        .header("Authorization", "Bearer " + token(caller))
        .contentType("application/json")
        .body(rawBody)
        .post(path);
  }

  private static synchronized void count(String kind) {
    REQUESTS.merge(kind, 1, Integer::sum);
  }

  private static JsonNode reply(Response response, String where) {
    assertThat(response.statusCode()).as(where + ": " + response.asString()).isEqualTo(200);
    try {
      return JSON.readTree(response.asString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> cited(JsonNode reply) {
    List<String> ids = new ArrayList<>();
    reply.path("citations").forEach(c -> ids.add(c.path("documentId").asText()));
    return ids;
  }

  // --- the audit trail

  private static Connection audit() throws SQLException {
    if (audit == null) {
      audit = AdversarialStackResource.database().connect();
    }
    return audit;
  }

  /** The audited answer, citations, retrieved chunks and decisions of one event, as JSON text. */
  private record AuditRow(String answer, String citations, String retrieved, String decisions) {
    void checkReadableBy(Caller caller, String where) {
      for (String json : List.of(citations, retrieved)) {
        try {
          for (JsonNode chunk : JSON.readTree(json)) {
            String id = chunk.path("documentId").asText();
            Set<String> labels = labelsByDocument.get(id);
            assertThat(labels).as("%s: %s is indexed", where, id).isNotNull();
            if (!caller.mayRead(labels)) {
              LEAKS.add(
                  where + ": the audit event lists " + id + ", which " + caller + " may not read");
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public String toString() {
      return answer + "\n" + citations + "\n" + retrieved;
    }
  }

  private static AuditRow auditRow(String auditId) {
    assertThat(auditId).as("the reply's audit id").isNotBlank();
    audited++;
    try (PreparedStatement s =
        audit()
            .prepareStatement(
                "SELECT answer, citations::text AS c, retrieved::text AS r, decisions::text AS d"
                    + " FROM audit_event WHERE event_id = ?::uuid")) {
      s.setString(1, auditId);
      try (ResultSet rows = s.executeQuery()) {
        assertThat(rows.next()).as("audit event %s", auditId).isTrue();
        return new AuditRow(
            rows.getString("answer"),
            rows.getString("c"),
            rows.getString("r"),
            rows.getString("d"));
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
