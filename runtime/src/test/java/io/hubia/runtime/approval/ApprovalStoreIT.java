package io.hubia.runtime.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.hubia.api.v1alpha1.spec.ApprovalTimeoutAction;
import io.hubia.runtime.audit.AuditConnection;
import io.hubia.runtime.audit.AuditDataSources;
import io.hubia.runtime.audit.AuditRetention;
import io.hubia.runtime.audit.AuditSchema;
import io.hubia.runtime.testing.EmbeddedPostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The approval store against a real PostgreSQL (embedded) with the production roles of {@code
 * db/audit-roles.sql}: what is stored comes back, a request is decided once and completed once even
 * when approvers race, expired requests are found per workflow, the queue is counted, the runtime's
 * role may update requests but never delete them, and retention deletes only decided ones.
 */
class ApprovalStoreIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private static EmbeddedPostgresServer pg;
  private static AgroalDataSource owner;
  private static AgroalDataSource writer;
  private static ApprovalStore store;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgresServer.start();
    owner = AuditDataSources.create(connection("postgres"));
    AuditSchema.migrate(owner);
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(
          Files.readString(
              Path.of("src/main/resources/db/audit-roles.sql"), StandardCharsets.UTF_8));
    }
    writer = AuditDataSources.create(connection("hubia_audit_writer"));
    store = new ApprovalStore(writer);
  }

  @AfterAll
  static void stop() {
    for (AgroalDataSource ds : new AgroalDataSource[] {writer, owner}) {
      if (ds != null) {
        ds.close();
      }
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static AuditConnection connection(String user) {
    return new AuditConnection(
        pg.jdbcUrl(), user, null, Duration.ofSeconds(2), Duration.ofSeconds(10), 8);
  }

  private static ApprovalRequest request(String workflow, Instant created, Duration timeout) {
    return new ApprovalRequest(
        UUID.randomUUID(),
        "federation",
        workflow,
        ApprovalRequest.Kind.TOOL,
        "entreprise-martin",
        new HeldCaller(
            "entreprise-martin",
            "https://sso.federation.example/realms/f",
            List.of("adherent"),
            Map.of("branch", List.of("lyon")),
            Map.of("sub", "entreprise-martin", "azp", "espace-adherent")),
        "Combien de jours de congés payés ?",
        "conv-1",
        Map.of(
            "tool", "recherche", "arguments", Map.of("query", "congés"), "argumentsSha256", "ab"),
        "tool_requires_approval",
        "trace-1",
        created,
        created.plus(timeout),
        ApprovalTimeoutAction.Reject,
        ApprovalRequest.Status.PENDING,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void whatIsHeldComesBackAsItWasStored() throws Exception {
    ApprovalRequest held = request("stockage", NOW, Duration.ofHours(1));
    store.insert(held);

    ApprovalRequest read = store.find(held.id()).orElseThrow();
    assertThat(read.caller()).isEqualTo(held.caller());
    assertThat(read.caller().caller().attribute("branch")).containsExactly("lyon");
    assertThat(read.what()).isEqualTo(held.what());
    assertThat(read.question()).isEqualTo(held.question());
    assertThat(read.createdAt()).isEqualTo(held.createdAt());
    assertThat(read.deadline()).isEqualTo(held.deadline());
    assertThat(read.status()).isEqualTo(ApprovalRequest.Status.PENDING);
    assertThat(read.decided()).isFalse();
    assertThat(store.find(UUID.randomUUID())).isEmpty();
    assertThat(store.list("federation", "stockage", ApprovalRequest.Status.PENDING, 10))
        .extracting(ApprovalRequest::id)
        .containsExactly(held.id());
    assertThat(store.list("autre", "stockage", null, 10)).isEmpty();
  }

  @Test
  void racingApproversDecideARequestOnceAndItIsCompletedOnce() throws Exception {
    ApprovalRequest held = request("course", NOW, Duration.ofHours(1));
    store.insert(held);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> approvers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String who = "relecteur-" + i;
        ApprovalRequest.Status outcome =
            i % 2 == 0 ? ApprovalRequest.Status.APPROVED : ApprovalRequest.Status.REJECTED;
        approvers.add(() -> store.decide(held.id(), outcome, who, "raison", Instant.now()));
      }
      int won = 0;
      for (Future<Boolean> f : pool.invokeAll(approvers)) {
        won += f.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    ApprovalRequest decided = store.find(held.id()).orElseThrow();
    assertThat(decided.decided()).isTrue();
    assertThat(decided.decidedBy()).startsWith("relecteur-");

    assertThat(store.complete(held.id(), "{\"answer\":\"premier\"}")).isTrue();
    assertThat(store.complete(held.id(), "{\"answer\":\"second\"}")).isFalse();
    ApprovalRequest completed = store.find(held.id()).orElseThrow();
    assertThat(completed.result()).contains("premier");
    // once answered, the question and the caller's claims are forgotten
    assertThat(completed.question()).isNull();
    assertThat(completed.caller()).isNull();
  }

  @Test
  void aPendingRequestGetsNoResult() throws Exception {
    ApprovalRequest held = request("sans-decision", NOW, Duration.ofHours(1));
    store.insert(held);
    assertThat(store.complete(held.id(), "{}")).isFalse();
    assertThatThrownBy(
            () -> store.decide(held.id(), ApprovalRequest.Status.PENDING, "x", null, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiredRequestsAreFoundPerWorkflowAndTheQueueIsCounted() throws Exception {
    ApprovalRequest late = request("delais", NOW.minus(Duration.ofHours(2)), Duration.ofHours(1));
    ApprovalRequest onTime =
        request("delais", NOW.minus(Duration.ofMinutes(5)), Duration.ofHours(1));
    ApprovalRequest elsewhere =
        request("ailleurs", NOW.minus(Duration.ofHours(2)), Duration.ofHours(1));
    for (ApprovalRequest r : List.of(late, onTime, elsewhere)) {
      store.insert(r);
    }
    assertThat(store.expired("federation", "delais", NOW, 10))
        .extracting(ApprovalRequest::id)
        .containsExactly(late.id());
    assertThat(late.expired(NOW)).isTrue();
    assertThat(onTime.expired(NOW)).isFalse();

    ApprovalStore.Queue queue =
        store.queues().stream()
            .filter(q -> q.workflow().equals("delais"))
            .findFirst()
            .orElseThrow();
    assertThat(queue.pending()).isEqualTo(2);
    assertThat(queue.oldest()).isEqualTo(late.createdAt());
  }

  @Test
  void theRuntimesRoleMayDecideButNeverDeleteAndRetentionDeletesOnlyDecidedRequests()
      throws Exception {
    ApprovalRequest old =
        request("retention", NOW.minus(Duration.ofDays(400)), Duration.ofHours(1));
    ApprovalRequest oldPending =
        request("retention", NOW.minus(Duration.ofDays(400)), Duration.ofDays(1000));
    ApprovalRequest recent =
        request("retention", NOW.minus(Duration.ofDays(1)), Duration.ofHours(1));
    for (ApprovalRequest r : List.of(old, oldPending, recent)) {
      store.insert(r);
    }
    store.decide(old.id(), ApprovalRequest.Status.REJECTED, "claire", "non", NOW);
    store.decide(recent.id(), ApprovalRequest.Status.APPROVED, "claire", "oui", NOW);

    try (Connection c = writer.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () -> s.executeUpdate("DELETE FROM approval_request WHERE workflow = 'retention'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }

    try (AgroalDataSource retentionRole =
        AuditDataSources.create(connection("hubia_audit_retention"))) {
      AuditRetention retention = new AuditRetention(retentionRole, Clock.systemUTC());
      Instant cutoff = retention.cutoff(365);
      assertThat(retention.purgeApprovals("federation", "retention", cutoff, true)).isEqualTo(1);
      assertThat(store.find(old.id())).isPresent();
      assertThat(retention.purgeApprovals("federation", "retention", cutoff, false)).isEqualTo(1);
    }
    assertThat(store.find(old.id())).isEmpty();
    assertThat(store.find(oldPending.id())).isPresent();
    assertThat(store.find(recent.id())).isPresent();
  }
}
