package io.hubia.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.hubia.runtime.audit.BrokenLink.Problem;
import io.hubia.runtime.testing.EmbeddedPostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification, export and retention of audit chains against a real PostgreSQL 14 (embedded),
 * through the production pool, migrations and roles: intact chains, every kind of tampering a
 * superuser can do, purges with anchors, the roles' permissions, and export files verified offline
 * (by the verifier and by the recipe of docs/audit.md). Each test uses chains of its own.
 */
class AuditChainIT {
  private static final String NS = "hubia-demo";
  private static final Instant LONG_AGO = Instant.parse("2025-01-10T09:00:00Z");

  private static EmbeddedPostgresServer pg;
  private static AgroalDataSource owner;
  private static AuditStore store;
  private static AuditVerifier verifier;

  @TempDir Path temp;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgresServer.start();
    owner = AuditDataSources.create(connection("postgres"));
    AuditSchema.migrate(owner);
    String roles =
        Files.readString(Path.of("src/main/resources/db/audit-roles.sql"), StandardCharsets.UTF_8);
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(roles);
    }
    store = storeAs(owner);
    verifier = new AuditVerifier(owner, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (owner != null) {
      owner.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static AuditConnection connection(String user) {
    return new AuditConnection(
        pg.jdbcUrl(), user, null, Duration.ofSeconds(2), Duration.ofSeconds(10), 4);
  }

  private static AuditStore storeAs(AgroalDataSource dataSource) {
    return new AuditStore(
        dataSource,
        new AuditMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC(),
        () -> AuditOptions.DEFAULTS);
  }

  /** Appends {@code count} events to the chain, one day apart from {@code first}. */
  private static List<Long> append(String workflow, int count, Instant first) throws SQLException {
    List<String> eventIds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      eventIds.add(
          store.append(
              AuditEvent.builder()
                  .namespace(NS)
                  .workflow(workflow)
                  .occurredAt(first.plus(Duration.ofDays(i)))
                  .subject("alice")
                  .question("Quel est le préavis de démission ? #" + i)
                  .answer("Un mois [1]. « ü » 0.1+0.2=" + (0.1 + 0.2))
                  .claims(Map.of("roles", List.of("member"), "score", 0.1 + 0.2))
                  .citations(List.of(new AuditEvent.Citation("doc", "doc#0", "3")))
                  .build()));
    }
    List<Long> ids = new ArrayList<>();
    for (String eventId : eventIds) {
      ids.add(
          single(
              "SELECT id FROM audit_event WHERE event_id = '" + eventId + "'",
              rs -> rs.getLong(1)));
    }
    return ids;
  }

  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> T single(String sql, Row<T> row) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return row.read(rs);
    }
  }

  /** Runs SQL as the superuser: what an attacker with database access could do. */
  private static int superuser(String sql) throws SQLException {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private static long count(String workflow) throws SQLException {
    return single(
        "SELECT count(*) FROM audit_event WHERE namespace = '"
            + NS
            + "' AND workflow = '"
            + workflow
            + "'",
        rs -> rs.getLong(1));
  }

  @Test
  void anIntactChainVerifiesWithItsHeadAndCount() throws Exception {
    List<Long> ids = append("intact", 25, LONG_AGO);

    VerificationReport report = verifier.verify(NS, "intact");

    assertThat(report.intact()).isTrue();
    assertThat(report.failed()).isFalse();
    assertThat(report.eventsChecked()).isEqualTo(25);
    assertThat(report.brokenLinks()).isZero();
    assertThat(report.firstBroken()).isNull();
    assertThat(report.firstId()).isEqualTo(ids.get(0));
    assertThat(report.lastId()).isEqualTo(ids.get(24));
    assertThat(report.headHash())
        .isEqualTo(
            single(
                "SELECT hash FROM audit_event WHERE id = " + ids.get(24), rs -> rs.getString(1)));
    assertThat(report.anchor()).isNull();
    assertThat(report.source()).isEqualTo(VerificationReport.DATABASE);
    assertThat(report.toReport().getIntact()).isTrue();
    assertThat(report.describe()).contains("INTACT", "25 event(s) checked");

    // another namespace with the same workflow name is another chain, empty here
    assertThat(verifier.verify("other", "intact").eventsChecked()).isZero();
  }

  @Test
  void aChangedAnswerIsAHashMismatchAtThatEvent() throws Exception {
    List<Long> ids = append("changed", 6, LONG_AGO);
    superuser("UPDATE audit_event SET answer = 'Deux mois.' WHERE id = " + ids.get(3));

    VerificationReport report = verifier.verify(NS, "changed");

    assertThat(report.intact()).isFalse();
    assertThat(report.eventsChecked()).isEqualTo(6);
    assertThat(report.brokenLinks()).isEqualTo(1);
    assertThat(report.firstBroken().id()).isEqualTo(ids.get(3));
    assertThat(report.firstBroken().problem()).isEqualTo(Problem.HashMismatch);
    assertThat(report.firstBroken().detail()).doesNotContain("Deux mois");
    assertThat(report.toReport().getFirstBroken().getProblem()).isEqualTo("HashMismatch");
    assertThat(report.describe()).contains("BROKEN", "event id " + ids.get(3), "HashMismatch");
  }

  @Test
  void aRecomputedHashStillBreaksTheNextLink() throws Exception {
    List<Long> ids = append("rehashed", 5, LONG_AGO);
    // change an event and store the hash of its new content: the next event still links to the
    // old hash
    superuser("UPDATE audit_event SET subject = 'mallory' WHERE id = " + ids.get(2));
    AuditRecord changed =
        single("SELECT * FROM audit_event WHERE id = " + ids.get(2), AuditRecord::fromRow);
    superuser(
        "UPDATE audit_event SET hash = '"
            + AuditHashing.hash(changed)
            + "' WHERE id = "
            + ids.get(2));

    VerificationReport report = verifier.verify(NS, "rehashed");

    assertThat(report.firstBroken().id()).isEqualTo(ids.get(3));
    assertThat(report.firstBroken().problem()).isEqualTo(Problem.PrevLinkMismatch);
  }

  @Test
  void aDeletedEventBreaksTheLinkOfTheNextOne() throws Exception {
    List<Long> ids = append("deleted", 6, LONG_AGO);
    superuser("DELETE FROM audit_event WHERE id = " + ids.get(2));

    VerificationReport report = verifier.verify(NS, "deleted");

    assertThat(report.intact()).isFalse();
    assertThat(report.eventsChecked()).isEqualTo(5);
    assertThat(report.brokenLinks()).isEqualTo(1);
    assertThat(report.firstBroken().id()).isEqualTo(ids.get(3));
    assertThat(report.firstBroken().problem()).isEqualTo(Problem.PrevLinkMismatch);
    assertThat(report.firstBroken().detail()).contains("id " + ids.get(1));
  }

  @Test
  void deletingTheOldestEventsWithoutAnAnchorIsAnUnanchoredGap() throws Exception {
    List<Long> ids = append("truncated", 5, LONG_AGO);
    superuser("DELETE FROM audit_event WHERE id <= " + ids.get(1));

    VerificationReport report = verifier.verify(NS, "truncated");

    assertThat(report.firstBroken().id()).isEqualTo(ids.get(2));
    assertThat(report.firstBroken().problem()).isEqualTo(Problem.UnanchoredGap);
    assertThat(report.brokenLinks()).isEqualTo(1);
  }

  @Test
  void anUnknownHashVersionIsAnUnreadableEvent() throws Exception {
    List<Long> ids = append("version", 3, LONG_AGO);
    superuser("UPDATE audit_event SET hash_version = 9 WHERE id = " + ids.get(1));

    VerificationReport report = verifier.verify(NS, "version");

    assertThat(report.firstBroken().id()).isEqualTo(ids.get(1));
    assertThat(report.firstBroken().problem()).isEqualTo(Problem.UnreadableEvent);
    assertThat(report.firstBroken().detail()).contains("unknown audit hash version 9");
    assertThat(report.brokenLinks()).isEqualTo(1);
  }

  @Test
  void purgeKeepsTheRestOfTheChainVerifiableFromItsAnchor() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<Long> ids = append("purged", 10, now.minus(Duration.ofDays(12)).plus(Duration.ofHours(1)));
    AuditRetention retention = new AuditRetention(owner, Clock.systemUTC());
    String hashOfFourth =
        single("SELECT hash FROM audit_event WHERE id = " + ids.get(3), rs -> rs.getString(1));

    // events of days -12 to -3 (plus an hour): keeping 8 days purges the 4 older than -8 days
    AuditRetention.Report dry = retention.purge(NS, "purged", retention.cutoff(8), true);
    assertThat(dry.purged()).isEqualTo(4);
    assertThat(dry.anchor()).isNull();
    assertThat(count("purged")).isEqualTo(10);

    AuditRetention.Report report = retention.purge(NS, "purged", retention.cutoff(8), false);
    assertThat(report.purged()).isEqualTo(4);
    assertThat(report.lastPurgedId()).isEqualTo(ids.get(3));
    AuditAnchor anchor = report.anchor();
    assertThat(anchor.lastPurgedHash()).isEqualTo(hashOfFourth);
    assertThat(anchor.lastPurgedId()).isEqualTo(ids.get(3));
    assertThat(anchor.purgedCount()).isEqualTo(4);
    assertThat(count("purged")).isEqualTo(6);

    VerificationReport verified = verifier.verify(NS, "purged");
    assertThat(verified.intact()).as(verified.describe()).isTrue();
    assertThat(verified.eventsChecked()).isEqualTo(6);
    assertThat(verified.firstId()).isEqualTo(ids.get(4));
    assertThat(verified.anchor()).isEqualTo(anchor);
    assertThat(verified.describe()).contains("retention anchor " + anchor.id());

    // nothing more to purge with the same retention
    assertThat(retention.purge(NS, "purged", retention.cutoff(8), false).purged()).isZero();

    // a purge that empties the chain: the next event continues from the newest anchor
    AuditRetention.Report all = retention.purge(NS, "purged", now.plusSeconds(60), false);
    assertThat(all.purged()).isEqualTo(6);
    assertThat(count("purged")).isZero();
    assertThat(verifier.verify(NS, "purged").intact()).isTrue();
    append("purged", 2, now);
    AuditRecord next =
        single(
            "SELECT * FROM audit_event WHERE workflow = 'purged' ORDER BY id LIMIT 1",
            AuditRecord::fromRow);
    assertThat(next.prevHash()).isEqualTo(all.anchor().lastPurgedHash());
    VerificationReport after = verifier.verify(NS, "purged");
    assertThat(after.intact()).as(after.describe()).isTrue();
    assertThat(after.eventsChecked()).isEqualTo(2);
    assertThat(after.anchor().id()).isEqualTo(all.anchor().id());

    // deleting the first event left after the anchor is caught against the anchor
    long firstLeft =
        single(
            "SELECT min(id) FROM audit_event WHERE workflow = 'purged' AND namespace = '"
                + NS
                + "'",
            rs -> rs.getLong(1));
    superuser("DELETE FROM audit_event WHERE id = " + firstLeft);
    VerificationReport cut = verifier.verify(NS, "purged");
    assertThat(cut.firstBroken().problem()).isEqualTo(Problem.AnchorMismatch);
  }

  @Test
  void aPurgeDeletesAPrefixNeverAHole() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    // chain order and time order disagree: the third event is newer than the fourth
    append("prefix", 2, now.minus(Duration.ofDays(20)));
    append("prefix", 1, now.minus(Duration.ofDays(1)));
    append("prefix", 1, now.minus(Duration.ofDays(19)));
    AuditRetention retention = new AuditRetention(owner, Clock.systemUTC());

    AuditRetention.Report report = retention.purge(NS, "prefix", retention.cutoff(10), false);

    assertThat(report.purged()).as("the old event after a newer one waits").isEqualTo(2);
    assertThat(count("prefix")).isEqualTo(2);
    assertThat(verifier.verify(NS, "prefix").intact()).isTrue();
  }

  @Test
  void eachRoleHasOnlyItsPrivileges() throws Exception {
    append("roles", 4, LONG_AGO);
    append("roles", 2, Instant.now());
    try (AgroalDataSource writer = AuditDataSources.create(connection("hubia_audit_writer"));
        AgroalDataSource retention = AuditDataSources.create(connection("hubia_audit_retention"));
        AgroalDataSource auditor = AuditDataSources.create(connection("hubia_audit_auditor"))) {
      // the writer appends, verifies, and can neither change nor delete events or anchors
      storeAs(writer).append(AuditEvent.builder().namespace(NS).workflow("roles").build());
      assertThat(new AuditVerifier(writer, Clock.systemUTC()).verify(NS, "roles").intact())
          .isTrue();
      assertRefused(writer, "UPDATE audit_event SET answer = 'x'", "permission denied");
      assertRefused(writer, "DELETE FROM audit_event", "permission denied");
      assertRefused(writer, "TRUNCATE audit_event", "permission denied");
      assertThatThrownBy(
              () ->
                  new AuditRetention(writer, Clock.systemUTC()).purge(NS, "roles", cutoff(), false))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertRefused(
          writer,
          "INSERT INTO audit_anchor (workflow, last_purged_id, last_purged_event_id,"
              + " last_purged_at, last_purged_hash, purged_count, cutoff) SELECT workflow, id,"
              + " event_id, occurred_at, hash, 1, now() FROM audit_event LIMIT 1",
          "permission denied");

      // the retention role purges (with its anchor), and can do nothing else
      AuditRetention.Report purged =
          new AuditRetention(retention, Clock.systemUTC()).purge(NS, "roles", cutoff(), false);
      assertThat(purged.purged()).isEqualTo(4);
      assertThat(purged.anchor()).isNotNull();
      assertThat(verifier.verify(NS, "roles").intact()).isTrue();
      assertRefused(retention, "UPDATE audit_event SET answer = 'x'", "permission denied");
      assertRefused(
          retention,
          "INSERT INTO audit_event (event_id, occurred_at, workflow, hash) VALUES"
              + " (gen_random_uuid(), now(), 'roles', repeat('0', 64))",
          "permission denied");
      assertRefused(retention, "UPDATE audit_anchor SET purged_count = 1", "permission denied");
      assertRefused(retention, "DELETE FROM audit_anchor", "permission denied");
      assertRefused(retention, "TRUNCATE audit_event", "permission denied");
      assertThatThrownBy(
              () -> storeAs(retention).append(AuditEvent.builder().workflow("roles").build()))
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageContaining("permission denied");

      // the auditor reads, verifies and exports, and writes nothing
      assertThat(new AuditVerifier(auditor, Clock.systemUTC()).verify(NS, "roles").intact())
          .isTrue();
      new AuditExporter(auditor, Clock.systemUTC())
          .export(NS, "roles", null, null, new StringWriter());
      assertRefused(auditor, "DELETE FROM audit_event", "permission denied");
      assertRefused(auditor, "DELETE FROM audit_anchor", "permission denied");
      assertThatThrownBy(
              () -> storeAs(auditor).append(AuditEvent.builder().workflow("roles").build()))
          .isInstanceOf(AuditUnavailableException.class);
    }
  }

  private static Instant cutoff() {
    return Instant.now().minus(Duration.ofDays(30));
  }

  private static void assertRefused(AgroalDataSource role, String sql, String message)
      throws SQLException {
    try (Connection c = role.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining(message);
    }
  }

  @Test
  void anExportVerifiesOfflineAndShowsTamperedLines() throws Exception {
    List<Long> ids = append("exported", 8, LONG_AGO);
    Path file = temp.resolve("exported.jsonl");
    // days 2 to 5 of the chain: ids[2]..ids[5]
    AuditExporter.Summary summary =
        export(
            "exported", LONG_AGO.plus(Duration.ofDays(2)), LONG_AGO.plus(Duration.ofDays(6)), file);
    assertThat(summary.events()).isEqualTo(4);
    assertThat(summary.firstId()).isEqualTo(ids.get(2));
    assertThat(summary.lastId()).isEqualTo(ids.get(5));

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0))
        .contains("\"type\":\"header\"", "\"format\":\"hubia-audit-export\"", "\"kind\":\"Event\"");
    String hashBefore =
        single("SELECT hash FROM audit_event WHERE id = " + ids.get(1), rs -> rs.getString(1));
    assertThat(lines.get(0)).contains("\"prevHash\":\"" + hashBefore + "\"");
    assertThat(lines.get(1)).startsWith("{\"type\":\"event\",\"id\":" + ids.get(2) + ",");
    assertThat(lines.get(1)).contains("Un mois [1]. « ü »");
    assertThat(lines.get(5)).contains("\"type\":\"trailer\"", "\"events\":4");
    // every column is there, as stored
    for (String column :
        List.of(
            "eventId",
            "occurredAt",
            "namespace",
            "workflow",
            "subject",
            "claims",
            "questionHash",
            "answer",
            "citations",
            "retrieved",
            "decisions",
            "prevHash")) {
      assertThat(lines.get(1)).contains("\"" + column + "\":");
    }

    VerificationReport intact = verifier.verifyFile(file);
    assertThat(intact.intact()).as(intact.describe()).isTrue();
    assertThat(intact.eventsChecked()).isEqualTo(4);
    assertThat(intact.source()).isEqualTo(VerificationReport.FILE);
    assertThat(intact.workflow()).isEqualTo("exported");
    assertThat(intact.headHash()).isEqualTo(summary.lastHash());
    assertThat(pythonRecipe(file)).isEqualTo("intact 4 events, last hash " + summary.lastHash());

    // a changed answer in a line
    Path changed = rewrite(file, 2, l -> l.replace("Un mois", "Deux mois"));
    VerificationReport tampered = verifier.verifyFile(changed);
    assertThat(tampered.intact()).isFalse();
    assertThat(tampered.firstBroken().id()).isEqualTo(ids.get(3));
    assertThat(tampered.firstBroken().problem()).isEqualTo(Problem.HashMismatch);
    assertThat(pythonRecipe(changed)).startsWith("BROKEN at id " + ids.get(3));

    // a line removed
    Path removed = rewrite(file, 3, l -> null);
    VerificationReport gap = verifier.verifyFile(removed);
    assertThat(gap.firstBroken().id()).isEqualTo(ids.get(5));
    assertThat(gap.firstBroken().problem()).isEqualTo(Problem.PrevLinkMismatch);

    // cut short
    Path cut = temp.resolve("cut.jsonl");
    Files.write(cut, lines.subList(0, 4), StandardCharsets.UTF_8);
    VerificationReport shortFile = verifier.verifyFile(cut);
    assertThat(shortFile.intact()).isFalse();
    assertThat(shortFile.eventsChecked()).isEqualTo(3);
    assertThat(shortFile.firstBroken().problem()).isEqualTo(Problem.IncompleteExport);

    // not an export
    Path other = temp.resolve("other.jsonl");
    Files.writeString(other, "{\"hello\":1}\n");
    assertThat(verifier.verifyFile(other).firstBroken().problem())
        .isEqualTo(Problem.IncompleteExport);
    assertThat(verifier.verifyFile(temp.resolve("missing.jsonl")).failed()).isTrue();
  }

  @Test
  void exportsFollowTheChainStartOrItsAnchorAndChainTogether() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<Long> ids = append("series", 6, now.minus(Duration.ofDays(10)).plus(Duration.ofHours(1)));

    Path whole = temp.resolve("whole.jsonl");
    export("series", null, null, whole);
    assertThat(Files.readAllLines(whole).get(0))
        .contains("\"kind\":\"ChainStart\"", "\"prevHash\":null");
    assertThat(verifier.verifyFile(whole).eventsChecked()).isEqualTo(6);

    // two consecutive ranges chain together: the second starts from the first's last hash
    Instant middle = now.minus(Duration.ofDays(7));
    Path first = temp.resolve("first.jsonl");
    Path second = temp.resolve("second.jsonl");
    AuditExporter.Summary one = export("series", null, middle, first);
    export("series", middle, null, second);
    assertThat(Files.readAllLines(second).get(0))
        .contains("\"prevHash\":\"" + one.lastHash() + "\"");
    assertThat(verifier.verifyFile(first).intact()).isTrue();
    assertThat(verifier.verifyFile(second).intact()).isTrue();

    // after a purge the export starts from the anchor
    AuditRetention retention = new AuditRetention(owner, Clock.systemUTC());
    AuditAnchor anchor = retention.purge(NS, "series", retention.cutoff(8), false).anchor();
    Path afterPurge = temp.resolve("after-purge.jsonl");
    AuditExporter.Summary rest = export("series", null, null, afterPurge);
    assertThat(anchor.lastPurgedId()).isEqualTo(ids.get(1));
    assertThat(rest.firstId()).isEqualTo(ids.get(2));
    assertThat(rest.events()).isEqualTo(4);
    assertThat(Files.readAllLines(afterPurge).get(0))
        .contains("\"kind\":\"Anchor\"", "\"prevHash\":\"" + anchor.lastPurgedHash() + "\"");
    VerificationReport verified = verifier.verifyFile(afterPurge);
    assertThat(verified.intact()).as(verified.describe()).isTrue();
    assertThat(verified.eventsChecked()).isEqualTo(rest.events());

    // an empty range is a valid, empty export
    Path empty = temp.resolve("empty.jsonl");
    assertThat(export("series", now.plusSeconds(3600), null, empty).events()).isZero();
    VerificationReport none = verifier.verifyFile(empty);
    assertThat(none.intact()).isTrue();
    assertThat(none.eventsChecked()).isZero();
  }

  @Test
  void verificationStreamsALongChain() throws Exception {
    int events = 1500;
    long started = System.nanoTime();
    append("long", events, LONG_AGO);
    long appendMillis = (System.nanoTime() - started) / 1_000_000;

    VerificationReport report = verifier.verify(NS, "long");

    assertThat(report.intact()).isTrue();
    assertThat(report.eventsChecked()).isEqualTo(events);
    System.out.printf(
        "AuditChainIT: %d events appended in %d ms, verified in %d ms (%.0f events/s)%n",
        events,
        appendMillis,
        report.duration().toMillis(),
        events * 1000.0 / Math.max(1, report.duration().toMillis()));
  }

  @Test
  void anUnreachableDatabaseIsAReportNotAnException() throws Exception {
    try (AgroalDataSource nowhere =
        AuditDataSources.create(
            new AuditConnection(
                "jdbc:postgresql://127.0.0.1:1/none",
                "postgres",
                null,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1))) {
      VerificationReport report = new AuditVerifier(nowhere, Clock.systemUTC()).verify(NS, "x");
      assertThat(report.failed()).isTrue();
      assertThat(report.intact()).isFalse();
      assertThat(report.toReport().getIntact()).isNull();
      assertThat(report.error()).isNotBlank();
    }
  }

  private AuditExporter.Summary export(String workflow, Instant from, Instant to, Path file)
      throws Exception {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      return new AuditExporter(owner, Clock.systemUTC()).export(NS, workflow, from, to, w);
    }
  }

  private Path rewrite(Path file, int lineIndex, java.util.function.UnaryOperator<String> change)
      throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    String replaced = change.apply(lines.get(lineIndex));
    if (replaced == null) {
      lines.remove(lineIndex);
    } else {
      assertThat(replaced).isNotEqualTo(lines.get(lineIndex));
      lines.set(lineIndex, replaced);
    }
    Path out = temp.resolve("rewritten-" + lineIndex + "-" + System.nanoTime() + ".jsonl");
    Files.write(out, lines, StandardCharsets.UTF_8);
    return out;
  }

  /**
   * Runs the Python recipe of docs/audit.md on {@code file}: the offline verification an auditor
   * does without Hubia. Returns its one output line.
   */
  static String pythonRecipe(Path file) throws Exception {
    String doc = Files.readString(Path.of("../docs/audit.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("a python block in docs/audit.md").isTrue();
    Path script = file.resolveSibling("verify-export.py");
    Files.writeString(script, m.group(1), StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder("python3", script.toString(), file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output;
  }
}
