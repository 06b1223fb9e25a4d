package io.hubia.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.QuestionStorage;
import io.hubia.runtime.policy.redaction.RedactionMetrics;
import io.hubia.runtime.policy.redaction.RedactionPolicy;
import io.hubia.runtime.policy.redaction.RedactionTally;
import io.hubia.runtime.testing.EmbeddedPostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The audit store against a real PostgreSQL 14 (embedded), through the production pool and
 * migrations: hash chains per workflow, their integrity under concurrent appends, question storage,
 * personal data redacted before it is stored and hashed, the insert-only role, and a database
 * stopped and restarted under the store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditStoreIT {
  private static EmbeddedPostgresServer pg;
  private static AgroalDataSource dataSource;
  private static SimpleMeterRegistry registry;
  private static AuditStore store;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgresServer.start();
    dataSource = AuditDataSources.create(connection("postgres"));
    AuditSchema.migrate(dataSource);
    registry = new SimpleMeterRegistry();
    store =
        new AuditStore(
            dataSource, new AuditMetrics(registry), Clock.systemUTC(), () -> AuditOptions.DEFAULTS);
  }

  @AfterAll
  static void stop() {
    if (dataSource != null) {
      dataSource.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static AuditConnection connection(String user) {
    return new AuditConnection(
        pg.jdbcUrl(), user, null, Duration.ofSeconds(2), Duration.ofSeconds(3), 8);
  }

  private static AuditEvent.Builder event(String namespace, String workflow) {
    return AuditEvent.builder()
        .namespace(namespace)
        .workflow(workflow)
        .workflowGeneration(7L)
        .policy("membres")
        .policyGeneration(4L)
        .subject("alice")
        .question("Quel est le préavis de démission ?")
        .answer("Un mois [1].")
        .model("mistral-small")
        .tokensIn(1200L)
        .tokensOut(80L)
        .latencyMs(950L)
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  /** The rows of a chain, in id order. */
  private static List<AuditRecord> chain(String namespace, String workflow) throws SQLException {
    List<AuditRecord> rows = new ArrayList<>();
    try (Connection c = pg.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT * FROM audit_event WHERE namespace = ? AND workflow = ? ORDER BY id")) {
      s.setString(1, namespace);
      s.setString(2, workflow);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(AuditRecord.fromRow(rs));
        }
      }
    }
    return rows;
  }

  /** Every row links to the previous one and its hash is the hash of what is stored. */
  private static void assertUnbrokenChain(List<AuditRecord> rows) {
    String previous = null;
    for (AuditRecord row : rows) {
      assertThat(row.prevHash()).as("prev_hash of %s", row.eventId()).isEqualTo(previous);
      assertThat(row.hash()).as("hash of %s", row.eventId()).isEqualTo(AuditHashing.hash(row));
      previous = row.hash();
    }
  }

  private static double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  @Order(1)
  void chainsEventsPerWorkflowWithHashesOfWhatIsStored() throws Exception {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "alice");
    claims.put("exp", 1767225600L);
    claims.put("realm_access.roles", List.of("member", "juriste"));
    claims.put("score", 0.1 + 0.2); // a double that prints with 17 digits
    claims.put("big", 1.0e10);
    claims.put("nested", Map.of("zeta", "é\u00e8\"\\\n", "alpha", List.of(1, 2.50, true)));
    claims.put("nul", "a\u0000b");

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(
          store.append(
              event("hubia-demo", "chain-a")
                  .claims(claims)
                  .citations(List.of(new AuditEvent.Citation("doc-" + i, "doc-" + i + "#0", "3")))
                  .retrieved(
                      List.of(
                          new AuditEvent.Retrieved(
                              "fiches", "doc-" + i, "doc-" + i + "#0", "3", 0.87),
                          new AuditEvent.Retrieved("fiches", "doc-9", "doc-9#2", null, 0.5)))
                  .decisions(
                      List.of(new AuditEvent.Decision("read-rules", "allowed", "labels public")))
                  .build()));
    }
    store.append(event("hubia-demo", "chain-b").build());
    store.append(event("hubia-demo", "chain-b").fallback(true).fallbackReason("no-source").build());
    // same name in another namespace: another chain
    store.append(event("other", "chain-a").build());
    UUID given = UUID.randomUUID();
    Instant at = Instant.parse("2026-03-01T10:15:30.123456789Z");
    assertThat(store.append(event("", "chain-a").eventId(given).occurredAt(at).build()))
        .isEqualTo(given.toString());

    List<AuditRecord> a = chain("hubia-demo", "chain-a");
    assertThat(a).hasSize(4);
    assertThat(a).extracting(r -> r.eventId().toString()).containsExactlyElementsOf(ids);
    assertUnbrokenChain(a);
    assertThat(a.get(0).prevHash()).isNull();
    assertThat(a.get(0).claims().get("nul").textValue()).isEqualTo("a\uFFFDb");
    assertThat(a.get(0).claims().get("big").toString()).isEqualTo("10000000000");
    assertThat(a.get(0).retrieved().get(1).get("version").isNull()).isTrue();
    assertThat(a.get(0).hash()).matches("[0-9a-f]{64}");

    List<AuditRecord> b = chain("hubia-demo", "chain-b");
    assertThat(b).hasSize(2);
    assertUnbrokenChain(b);
    assertThat(b.get(1).fallback()).isTrue();
    assertThat(b.get(1).fallbackReason()).isEqualTo("no-source");
    assertUnbrokenChain(chain("other", "chain-a"));
    assertThat(chain("other", "chain-a")).hasSize(1);

    List<AuditRecord> local = chain("", "chain-a");
    assertThat(local)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z")));
    assertUnbrokenChain(local);

    // any change to a stored row breaks its hash
    AuditRecord tampered = a.get(1);
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE audit_event SET answer = 'Deux mois.' WHERE event_id = '"
              + tampered.eventId()
              + "'");
    }
    AuditRecord changed = chain("hubia-demo", "chain-a").get(1);
    assertThat(AuditHashing.hash(changed)).isNotEqualTo(changed.hash());

    assertThat(counter("hubia.audit.events")).isGreaterThanOrEqualTo(8.0);
    assertThat(store.health().up()).isTrue();
    assertThat(store.health().lastEvent()).isNotNull();
  }

  @Test
  @Order(2)
  void concurrentAppendsKeepOneUnbrokenChainPerWorkflow() throws Exception {
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        String workflow = "busy-" + (t % 2);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  List<String> ids = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    ids.add(store.append(event("hubia-demo", workflow).build()));
                  }
                  return ids;
                }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      for (Future<List<String>> f : results) {
        ids.addAll(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(ids).hasSize(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
    for (String workflow : List.of("busy-0", "busy-1")) {
      List<AuditRecord> rows = chain("hubia-demo", workflow);
      assertThat(rows).hasSize(threads / 2 * perThread);
      assertUnbrokenChain(rows);
      assertThat(rows.stream().map(AuditRecord::prevHash).distinct().count())
          .as("no two events of %s follow the same one", workflow)
          .isEqualTo(rows.size());
    }
  }

  @Test
  @Order(3)
  void keepsTheQuestionAsTextHashOrNothingAndAnswersOnlyWhenAllowed() throws Exception {
    String question = "Quel est le préavis de démission ?";
    store.append(event("q", "text").build(), new AuditOptions(true, QuestionStorage.Text, true));
    store.append(event("q", "hash").build(), new AuditOptions(true, QuestionStorage.Hash, true));
    store.append(event("q", "none").build(), new AuditOptions(true, QuestionStorage.None, false));
    store.append(event("q", "default").build()); // defaults: Hash, answers kept

    AuditRecord text = chain("q", "text").get(0);
    assertThat(text.questionText()).isEqualTo(question);
    assertThat(text.questionHash()).isNull();
    assertThat(text.answer()).isEqualTo("Un mois [1].");

    AuditRecord hash = chain("q", "hash").get(0);
    assertThat(hash.questionText()).isNull();
    assertThat(hash.questionHash())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(question.getBytes(StandardCharsets.UTF_8))));

    AuditRecord none = chain("q", "none").get(0);
    assertThat(none.questionText()).isNull();
    assertThat(none.questionHash()).isNull();
    assertThat(none.answer()).isNull();
    assertUnbrokenChain(List.of(none));

    AuditRecord byDefault = chain("q", "default").get(0);
    assertThat(byDefault.questionText()).isNull();
    assertThat(byDefault.questionHash()).isEqualTo(hash.questionHash());
    assertThat(byDefault.answer()).isEqualTo("Un mois [1].");
  }

  @Test
  @Order(4)
  void anEventOfAQuestionWithPersonalDataStoresNoneOfItAndCountsWhatWasRedacted() throws Exception {
    String email = "marie.dupont@exemple.fr";
    String phone = "06 12 34 56 78";
    String iban = frenchIban();
    String spacedIban = iban.replaceAll("(.{4})(?!$)", "$1 ");
    String question =
        "Mon salaire est versé sur "
            + spacedIban
            + " ; écrivez-moi à "
            + email
            + " ou appelez le "
            + phone
            + ". Quel est le délai de paie ?";
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "marie");
    claims.put("email", email);
    // the defaults of a policy without a redaction section: every kind, in logs and audit
    RedactionPolicy policy =
        RedactionPolicy.compile("redacted", null, new RedactionMetrics(registry));
    for (QuestionStorage storage : List.of(QuestionStorage.Text, QuestionStorage.Hash)) {
      AuditEvent event =
          policy.audit(
              event("pii", "redacted-" + storage)
                  .subject("marie")
                  .claims(claims)
                  .question(question)
                  .answer("La paie est versée le dernier jour du mois [1]. Contact : " + email)
                  .decisions(
                      List.of(
                          new AuditEvent.Decision("tool:annuaire", "ALLOWED", "query=" + phone)))
                  .build(),
              new RedactionTally());
      store.append(event, new AuditOptions(true, storage, true));
    }

    AuditRecord text = chain("pii", "redacted-Text").get(0);
    AuditRecord hash = chain("pii", "redacted-Hash").get(0);
    String redactedQuestion =
        "Mon salaire est versé sur [IBAN] ; écrivez-moi à [EMAIL] ou appelez le [PHONE]. Quel est"
            + " le délai de paie ?";
    assertThat(text.questionText()).isEqualTo(redactedQuestion);
    assertThat(text.answer()).endsWith("Contact : [EMAIL]");
    assertThat(text.claims().get("email").textValue()).isEqualTo("[EMAIL]");
    // the hash is of the redacted question: the original cannot be confirmed by hashing guesses
    assertThat(hash.questionHash())
        .isEqualTo(AuditHashing.sha256Hex(redactedQuestion))
        .isNotEqualTo(AuditHashing.sha256Hex(question));
    for (AuditRecord row : List.of(text, hash)) {
      String stored = AuditHashing.canonicalForm(row);
      assertThat(stored)
          .doesNotContain(email)
          .doesNotContain(phone)
          .doesNotContain(phone.replace(" ", ""))
          .doesNotContain(iban)
          .doesNotContain(spacedIban)
          .doesNotContain(iban.substring(4, 14));
      List<String> decisions = new ArrayList<>();
      row.decisions()
          .forEach(
              d ->
                  decisions.add(
                      d.get("step").textValue()
                          + " "
                          + d.get("outcome").textValue()
                          + " "
                          + d.get("detail").textValue()));
      assertThat(decisions)
          .containsExactly(
              "tool:annuaire ALLOWED query=[PHONE]",
              "redaction:audit redacted Email=3, Phone=2, Iban=1");
      assertUnbrokenChain(List.of(row));
    }
    assertThat(
            registry
                .get("hubia.redactions")
                .tags(
                    "workflow",
                    "redacted",
                    "target",
                    "Audit",
                    "type",
                    PersonalDataType.Email.name())
                .counter()
                .count())
        .isEqualTo(6.0);
  }

  /** A made-up French IBAN whose mod-97 check digits are computed here. */
  private static String frenchIban() {
    String bban = "30006000011234567890189";
    java.math.BigInteger number = new java.math.BigInteger(bban + "1527" + "00");
    int check = 98 - number.mod(java.math.BigInteger.valueOf(97)).intValue();
    return "FR" + String.format("%02d", check) + bban;
  }

  @Test
  @Order(5)
  void theWriterRoleInsertsAndReadsButCannotChangeOrDeleteEvents() throws Exception {
    String roles =
        Files.readString(Path.of("src/main/resources/db/audit-roles.sql"), StandardCharsets.UTF_8);
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(roles);
    }
    try (AgroalDataSource writerPool = AuditDataSources.create(connection("hubia_audit_writer"))) {
      AuditSchema.validate(writerPool); // the schema check of hubia.audit.migrate=false
      AuditStore writer =
          new AuditStore(
              writerPool,
              new AuditMetrics(new SimpleMeterRegistry()),
              Clock.systemUTC(),
              () -> AuditOptions.DEFAULTS);
      assertThat(writer.probe()).isTrue();
      writer.append(event("hubia-demo", "chain-b").build());
      assertUnbrokenChain(chain("hubia-demo", "chain-b"));

      try (Connection c = writerPool.getConnection();
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_event SET answer = 'x'"))
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_event"))
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.executeUpdate("TRUNCATE audit_event"))
            .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> s.executeUpdate("DROP TABLE audit_event"))
            .hasMessageContaining("must be owner");
      }
    }
  }

  @Test
  @Order(6)
  void aStoppedDatabaseFailsAppendsUntilItIsBack() throws Exception {
    store.append(event("hubia-demo", "restart").build());
    assertThat(store.probe()).isTrue();
    double failuresBefore = counter("hubia.audit.failures");
    long storeFailuresBefore = store.health().failures();

    pg.stop();
    long started = System.nanoTime();
    assertThatThrownBy(() -> store.append(event("hubia-demo", "restart").build()))
        .isInstanceOf(AuditUnavailableException.class)
        .hasMessageStartingWith("audit event not written: ")
        .hasMessageNotContaining("préavis");
    System.out.printf(
        "AuditStoreIT: append failed %d ms after the database stopped%n",
        (System.nanoTime() - started) / 1_000_000);
    AuditHealth down = store.health();
    assertThat(down.up()).isFalse();
    assertThat(down.failures()).isEqualTo(storeFailuresBefore + 1);
    assertThat(down.lastError()).isNotBlank();
    assertThat(counter("hubia.audit.failures")).isEqualTo(failuresBefore + 1);
    assertThat(store.probe()).isFalse();
    assertThat(store.health().consecutiveFailures()).isEqualTo(2);

    pg.restart();
    assertThat(store.probe()).isTrue();
    assertThat(store.health().up()).isTrue();
    store.append(event("hubia-demo", "restart").build());
    List<AuditRecord> rows = chain("hubia-demo", "restart");
    assertThat(rows).hasSize(2);
    assertUnbrokenChain(rows);
  }
}
