package io.hubia.runtime.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.hubia.runtime.audit.AuditConnection;
import io.hubia.runtime.audit.AuditDataSources;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.audit.AuditMetrics;
import io.hubia.runtime.audit.AuditOptions;
import io.hubia.runtime.audit.AuditSchema;
import io.hubia.runtime.audit.AuditStore;
import io.hubia.runtime.audit.AuditUnavailableException;
import io.hubia.runtime.testing.EmbeddedPostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token budgets against a real PostgreSQL 14 (embedded) holding audit events written by the real
 * {@link AuditStore}: the day in Europe/Paris, the caller's and the workflow's sums, the count
 * cached and completed locally, Retry-After to the next midnight, the partial indexes, and a
 * database that cannot be read. Each test uses workflows of its own on the one database.
 */
class TokenBudgetsIT {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** 11:00 in Paris (UTC+1 in winter): the Paris day began at 2026-03-09T23:00Z. */
  private static final Instant NOW = Instant.parse("2026-03-10T10:00:00Z");

  private static EmbeddedPostgresServer pg;
  private static AgroalDataSource dataSource;
  private static AuditStore store;

  /** A clock the test moves. */
  private static final class ManualClock extends Clock {
    private Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgresServer.start();
    dataSource = AuditDataSources.create(connection());
    AuditSchema.migrate(dataSource);
    store =
        new AuditStore(
            dataSource,
            new AuditMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC(),
            () -> AuditOptions.DEFAULTS);
  }

  private static AuditConnection connection() {
    return new AuditConnection(
        pg.jdbcUrl(), "postgres", null, Duration.ofSeconds(2), Duration.ofSeconds(3), 4);
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

  private static void answered(
      String workflow, String subject, String at, long tokensIn, long tokensOut) {
    store.append(
        AuditEvent.builder()
            .namespace("team-a")
            .workflow(workflow)
            .subject(subject)
            .occurredAt(Instant.parse(at))
            .model(tokensIn + tokensOut == 0 ? "extractive" : "mistral-small")
            .tokensIn(tokensIn)
            .tokensOut(tokensOut)
            .build());
  }

  private static WorkflowLimits budgets(String workflow, Long perSubject, Long perWorkflow) {
    return new WorkflowLimits("team-a", workflow, null, null, perSubject, perWorkflow, 3);
  }

  /** Budgets read through the store, counting the reads. */
  private static final class Counted {
    final AtomicInteger reads = new AtomicInteger();
    final ManualClock clock = new ManualClock(NOW);
    final TokenBudgets budgets;

    Counted(ZoneId zone) {
      budgets =
          new TokenBudgets(
              (namespace, workflow, subject, since) -> {
                reads.incrementAndGet();
                return store.tokensSince(namespace, workflow, subject, since);
              },
              zone,
              Duration.ofSeconds(5),
              1000,
              clock);
    }
  }

  @Test
  void theDayStartsAtMidnightInParisAndCountsTheCallersAndTheWorkflowsTokens() {
    answered("day", "alice", "2026-03-09T22:59:59Z", 5000, 5000); // 23:59:59 in Paris, yesterday
    answered("day", "alice", "2026-03-09T23:30:00Z", 600, 100); // 00:30 in Paris, today
    answered("day", "alice", "2026-03-10T09:00:00Z", 200, 50);
    answered("day", "alice", "2026-03-10T09:30:00Z", 0, 0); // extractive answer: no token
    answered("day", "bob", "2026-03-10T08:00:00Z", 1000, 0);
    answered("other", "alice", "2026-03-10T08:00:00Z", 9000, 0);

    Instant parisMidnight = Instant.parse("2026-03-09T23:00:00Z");
    assertThat(store.tokensSince("team-a", "day", "alice", parisMidnight)).isEqualTo(950);
    assertThat(store.tokensSince("team-a", "day", null, parisMidnight)).isEqualTo(1950);
    assertThat(store.tokensSince("team-b", "day", "alice", parisMidnight)).isZero();

    Counted paris = new Counted(PARIS);
    assertThat(paris.budgets.check(budgets("day", 951L, null), "alice")).isEmpty();
    Refusal spent = paris.budgets.check(budgets("day", 950L, null), "alice").orElseThrow();
    assertThat(spent.limit()).isEqualTo(Limit.TOKENS_SUBJECT);
    assertThat(spent.value()).isEqualTo(950);
    // to midnight in Paris, 2026-03-10T23:00Z
    assertThat(spent.retryAfterSeconds()).isEqualTo(13 * 3600);
    assertThat(spent.detail())
        .isEqualTo(
            "Your model token budget on this workflow is spent for today: 950 tokens per day for"
                + " one caller. It is renewed at midnight (Europe/Paris), in 46800 s.")
        .doesNotContain("bob");

    Refusal workflow = paris.budgets.check(budgets("day", null, 1950L), "bob").orElseThrow();
    assertThat(workflow.limit()).isEqualTo(Limit.TOKENS_WORKFLOW);
    assertThat(workflow.detail()).doesNotContain("1000").doesNotContain("alice");
    assertThat(paris.budgets.check(budgets("day", 1001L, 1951L), "bob")).isEmpty();

    // the same events counted by the UTC day: the 00:30 Paris answer was yesterday's
    Counted utc = new Counted(ZoneOffset.UTC);
    assertThat(utc.budgets.check(budgets("day", 251L, null), "alice")).isEmpty();
    assertThat(utc.budgets.check(budgets("day", 250L, null), "alice")).isPresent();
  }

  @Test
  void aCountIsReadOnceEveryFewSecondsAndCompletedWithThisReplicasAnswers() {
    answered("cache", "alice", "2026-03-10T09:00:00Z", 400, 100);
    Counted counted = new Counted(PARIS);
    WorkflowLimits thousand = budgets("cache", 1000L, 10_000L);

    assertThat(counted.budgets.check(thousand, "alice")).isEmpty();
    assertThat(counted.reads).hasValue(2); // the caller's count and the workflow's
    for (int i = 0; i < 20; i++) {
      counted.budgets.check(thousand, "alice");
    }
    assertThat(counted.reads).hasValue(2);

    // this replica's answer counts at once; another replica's when the count is read again
    counted.budgets.spent(thousand, "alice", 450);
    answered("cache", "alice", "2026-03-10T09:59:00Z", 40, 0);
    assertThat(counted.budgets.check(thousand, "alice")).isEmpty(); // 950
    counted.budgets.spent(thousand, "alice", 50);
    assertThat(counted.budgets.check(thousand, "alice")).isPresent(); // 1000
    assertThat(counted.reads).hasValue(2);

    // read again after 5 s: the database's 540 (the replica's own 500 were never audited here)
    counted.clock.advance(Duration.ofSeconds(5));
    assertThat(counted.budgets.check(thousand, "alice")).isEmpty();
    assertThat(counted.reads).hasValue(4);
  }

  @Test
  void aNewDayStartsANewCountAndRetryAfterFollowsDaylightSaving() {
    answered("dst", "alice", "2026-03-29T09:00:00Z", 100, 0);
    Counted counted = new Counted(PARIS);
    counted.clock.advance(Duration.between(NOW, Instant.parse("2026-03-29T10:00:00Z")));
    WorkflowLimits hundred = budgets("dst", 100L, null);

    // 29 March 2026 is 23 hours long in Paris: midnight is at 22:00Z
    Refusal spent = counted.budgets.check(hundred, "alice").orElseThrow();
    assertThat(spent.retryAfterSeconds()).isEqualTo(12 * 3600);

    counted.clock.advance(Duration.ofHours(12));
    assertThat(counted.budgets.check(hundred, "alice")).isEmpty();
  }

  @Test
  void theSumsReadThePartialIndexesOfEventsThatSpentTokens() throws Exception {
    List<String> plans = new ArrayList<>();
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      // the plan's shape needs a trail of some size, shared by workflows: 60 days of 1000 events
      // for this one (200 callers, one event in three written by a model), and 10 workflows as
      // busy today (rows inserted directly: only the plan is checked)
      String events =
          "INSERT INTO audit_event (event_id, occurred_at, namespace, workflow, subject,"
              + " tokens_in, tokens_out, hash)"
              + " SELECT gen_random_uuid(), timestamptz '2026-03-10 09:00Z' - i * interval"
              + " '%s', 'team-a', %s, 'caller-' || (i %% 200),"
              + " CASE WHEN i %% 3 = 0 THEN 800 ELSE 0 END, CASE WHEN i %% 3 = 0 THEN 90 ELSE 0"
              + " END, repeat('0', 64) FROM generate_series(1, %d) AS i";
      s.execute(events.formatted("86 seconds", "'plan'", 60_000));
      s.execute(events.formatted("3 seconds", "'busy-' || (i % 10)", 10_000));
      s.execute("VACUUM ANALYZE audit_event");
      String sum =
          "EXPLAIN SELECT coalesce(sum(coalesce(tokens_in, 0) + coalesce(tokens_out, 0)), 0)"
              + " FROM audit_event WHERE workflow = 'plan' AND namespace = 'team-a'"
              + " AND occurred_at >= timestamptz '2026-03-09 23:00Z'"
              + " AND (tokens_in > 0 OR tokens_out > 0)";
      for (String sql : List.of(sum + " AND subject = 'caller-7'", sum)) {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        plans.add(plan.toString());
      }
    }
    // an index scan, bitmap or index-only as the planner prefers, that reads no other event
    assertThat(plans.get(0)).contains("audit_event_tokens_subject");
    assertThat(plans.get(1)).contains("audit_event_tokens_workflow");
    assertThat(String.join("", plans)).doesNotContain("Filter").doesNotContain("Seq Scan");
  }

  @Test
  void aDatabaseThatCannotBeReadIsAnErrorAndNothingIsCached() {
    answered("down", "alice", "2026-03-10T09:00:00Z", 100, 0);
    Counted counted = new Counted(PARIS);
    WorkflowLimits hundred = budgets("down", 100L, null);
    pg.stop();
    try {
      assertThatThrownBy(() -> counted.budgets.check(hundred, "alice"))
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageStartingWith("token usage not read: ");
    } finally {
      pg.restart();
    }
    assertThat(counted.budgets.check(hundred, "alice")).isPresent();
  }
}
