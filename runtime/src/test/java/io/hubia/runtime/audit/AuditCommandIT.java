package io.hubia.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.hubia.runtime.testing.EmbeddedPostgresServer;
import io.hubia.runtime.testing.SampleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hubia audit} command as HubiaMain runs it ({@link AuditCommand#run}, in-process),
 * against a real PostgreSQL 14 (embedded) with the roles of db/audit-roles.sql: exit codes, human
 * and JSON output, export files, purges driven by arguments or by the rendered configuration.
 */
class AuditCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant OLD = Instant.now().minus(Duration.ofDays(400));

  private static EmbeddedPostgresServer pg;
  private static AgroalDataSource owner;
  private static AuditStore store;

  @TempDir Path temp;

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgresServer.start();
    owner =
        AuditDataSources.create(
            new AuditConnection(
                pg.jdbcUrl(), "postgres", null, Duration.ofSeconds(2), Duration.ofSeconds(10), 4));
    AuditSchema.migrate(owner);
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute(
          Files.readString(
              Path.of("src/main/resources/db/audit-roles.sql"), StandardCharsets.UTF_8));
    }
    store =
        new AuditStore(
            owner,
            new AuditMetrics(new SimpleMeterRegistry()),
            Clock.systemUTC(),
            () -> AuditOptions.DEFAULTS);
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

  private static void append(String namespace, String workflow, int count, Instant first) {
    for (int i = 0; i < count; i++) {
      store.append(
          AuditEvent.builder()
              .namespace(namespace)
              .workflow(workflow)
              .occurredAt(first.plus(Duration.ofDays(i)))
              .subject("alice")
              .answer("Un mois [1].")
              .build());
    }
  }

  private static Run run(String user, String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("HUBIA_AUDIT_JDBC_URL", pg.jdbcUrl());
    if (user != null) {
      env.put("HUBIA_AUDIT_USERNAME", user);
    }
    return runWith(env, new Properties(), args);
  }

  private static Run runWith(Map<String, String> env, Properties properties, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new AuditCommand(
                env::get,
                properties,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC())
            .run(List.of(args));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void migrateAppliesTheSchemaToAnEmptyDatabaseOnceAndADryRunChangesNothing() throws Exception {
    String database = "fresh_" + System.nanoTime();
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    Map<String, String> env = new HashMap<>();
    env.put("HUBIA_AUDIT_JDBC_URL", pg.jdbcUrl().replace("/postgres", "/" + database));
    env.put("HUBIA_AUDIT_USERNAME", "postgres");

    Run dryRun = runWith(env, new Properties(), "migrate", "--dry-run");
    assertThat(dryRun.exit()).as(dryRun.err()).isEqualTo(AuditCommand.EXIT_OK);
    assertThat(dryRun.out())
        .startsWith("audit schema at version none: would apply V1 audit events, V2 ")
        .contains("(--dry-run)");
    JsonNode planned =
        JSON.readTree(runWith(env, new Properties(), "migrate", "--dry-run", "--json").out());
    assertThat(planned.get("pending")).hasSize(AuditSchema.MIGRATIONS.size());
    assertThat(planned.get("version").asText()).isEqualTo("none");

    Run migrate = runWith(env, new Properties(), "migrate");
    String latest = String.valueOf(AuditSchema.MIGRATIONS.size());
    assertThat(migrate.exit()).as(migrate.err()).isEqualTo(AuditCommand.EXIT_OK);
    assertThat(migrate.out())
        .startsWith("audit schema migrated from version none to " + latest + ": applied V1 ");
    try (AgroalDataSource migrated =
        AuditDataSources.create(
            new AuditConnection(
                env.get("HUBIA_AUDIT_JDBC_URL"),
                "postgres",
                null,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                2))) {
      AuditSchema.validate(migrated); // what a runtime with hubia.audit.migrate=false checks
    }

    Run again = runWith(env, new Properties(), "migrate", "--json");
    JsonNode report = JSON.readTree(again.out());
    assertThat(report.get("applied").asInt()).isZero();
    assertThat(report.get("version").asText()).isEqualTo(latest);
    assertThat(report.get("pending")).isEmpty();
  }

  @Test
  void migrateRefusesOptionsOfOtherActions() {
    Run run = run("postgres", "migrate", "--workflow", "assistant");

    assertThat(run.exit()).isEqualTo(AuditCommand.EXIT_USAGE);
    assertThat(run.err()).contains("--workflow");
  }

  @Test
  void verifyExitsZeroOnAnIntactChainAndOneOnABrokenOne() throws Exception {
    append("federation", "assistant", 5, OLD);

    Run intact =
        run(
            "hubia_audit_auditor",
            "verify",
            "--workflow",
            "assistant",
            "--namespace",
            "federation");
    assertThat(intact.exit()).as(intact.err()).isZero();
    assertThat(intact.out()).contains("federation/assistant", "INTACT", "5 event(s) checked");

    // the only namespace holding the workflow is found
    Run inferred = run("hubia_audit_auditor", "verify", "--workflow", "assistant", "--json");
    assertThat(inferred.exit()).isZero();
    JsonNode report = JSON.readTree(inferred.out());
    assertThat(report.get("intact").asBoolean()).isTrue();
    assertThat(report.get("eventsChecked").asLong()).isEqualTo(5);
    assertThat(report.get("namespace").asText()).isEqualTo("federation");
    assertThat(report.get("headHash").asText()).hasSize(64);

    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE audit_event SET answer = 'Deux mois.' WHERE id = (SELECT min(id) + 2 FROM"
              + " audit_event WHERE workflow = 'assistant')");
    }
    Run broken =
        run("hubia_audit_auditor", "verify", "--workflow=assistant", "--namespace=federation");
    assertThat(broken.exit()).isEqualTo(AuditCommand.EXIT_BROKEN);
    assertThat(broken.out()).contains("BROKEN", "first broken link: event id", "HashMismatch");
    Run brokenJson = run("postgres", "verify", "--workflow", "assistant", "--json");
    assertThat(brokenJson.exit()).isEqualTo(1);
    assertThat(JSON.readTree(brokenJson.out()).at("/firstBroken/problem").asText())
        .isEqualTo("HashMismatch");
  }

  @Test
  void usageAndConnectionErrorsExitTwo() {
    assertThat(run(null).exit()).isEqualTo(2);
    Run noWorkflow = run(null, "verify");
    assertThat(noWorkflow.exit()).isEqualTo(2);
    assertThat(noWorkflow.err()).contains("--workflow is required", "usage: hubia audit");
    assertThat(run(null, "verify", "--workflow", "w", "--colour", "red").err())
        .contains("unknown option --colour");
    assertThat(run(null, "rewrite", "--workflow", "w").err()).contains("unknown action 'rewrite'");
    assertThat(run(null, "purge", "--workflow", "w", "--older-than-days", "0").exit()).isEqualTo(2);
    assertThat(run(null, "export", "--workflow", "w", "--from", "yesterday").err())
        .contains("--from must look like");

    Run unknown = run("postgres", "verify", "--workflow", "nobody", "--namespace", "federation");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no audit event of workflow 'nobody'");

    Run noDatabase = runWith(Map.of(), new Properties(), "verify", "--workflow", "w");
    assertThat(noDatabase.exit()).isEqualTo(2);
    assertThat(noDatabase.err()).contains("HUBIA_AUDIT_JDBC_URL");

    Properties unreachable = new Properties();
    unreachable.setProperty("hubia.audit.jdbc-url", "jdbc:postgresql://127.0.0.1:1/none");
    Run down =
        runWith(
            Map.of("HUBIA_AUDIT_JDBC_URL", pg.jdbcUrl()),
            unreachable,
            "verify",
            "--workflow",
            "w",
            "--namespace",
            "n");
    assertThat(down.exit()).as("the property wins over the environment").isEqualTo(2);
    assertThat(down.out()).contains("NOT VERIFIED");
  }

  @Test
  void exportWritesAFileThatVerifiesAndATamperedCopyThatDoesNot() throws Exception {
    append("federation", "exported", 6, OLD);
    Path file = temp.resolve("exported.jsonl");

    Run export =
        run(
            "hubia_audit_auditor",
            "export",
            "--workflow",
            "exported",
            "--from",
            OLD.plus(Duration.ofDays(1)).toString(),
            "--to",
            OLD.plus(Duration.ofDays(5)).toString(),
            "--out",
            file.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.err()).contains("4 event(s) of federation/exported", file.toString());
    assertThat(Files.readAllLines(file)).hasSize(6);
    assertThat(temp.resolve("exported.jsonl.part")).doesNotExist();

    Run verified = run(null, "verify", "--file", file.toString());
    assertThat(verified.exit()).as(verified.out()).isZero();
    assertThat(verified.out()).contains("INTACT", "4 event(s)", "(file)");

    List<String> lines = Files.readAllLines(file);
    lines.set(2, lines.get(2).replace("alice", "mallory"));
    Path tampered = temp.resolve("tampered.jsonl");
    Files.write(tampered, lines);
    Run broken = run(null, "verify", "--file", tampered.toString(), "--json");
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(JSON.readTree(broken.out()).at("/firstBroken/problem").asText())
        .isEqualTo("HashMismatch");
    assertThat(run(null, "verify", "--file", tampered.toString(), "--workflow", "x").exit())
        .isEqualTo(2);

    // to standard output, the whole chain
    Run stdout = run("hubia_audit_auditor", "export", "--workflow", "exported");
    assertThat(stdout.exit()).isZero();
    assertThat(stdout.out().lines()).hasSize(8).first().asString().contains("\"type\":\"header\"");
  }

  @Test
  void purgeNeedsTheRetentionRoleAndKeepsTheChainVerifiable() {
    append("federation", "purged", 4, OLD);
    append("federation", "purged", 2, Instant.now().minus(Duration.ofDays(2)));

    Run refused =
        run("hubia_audit_writer", "purge", "--workflow", "purged", "--older-than-days", "365");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("permission denied");

    Run dry =
        run(
            "hubia_audit_retention",
            "purge",
            "--workflow",
            "purged",
            "--older-than-days",
            "365",
            "--dry-run");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would purge 4 event(s)", "nothing changed");

    Run purged =
        run(
            "hubia_audit_retention",
            "purge",
            "--workflow",
            "purged",
            "--namespace",
            "federation",
            "--older-than-days",
            "365");
    assertThat(purged.exit()).as(purged.err()).isZero();
    assertThat(purged.out()).contains("purged 4 event(s)", "anchor");

    Run again =
        run(
            "hubia_audit_retention",
            "purge",
            "--workflow",
            "purged",
            "--older-than-days",
            "365",
            "--json");
    assertThat(again.out()).contains("\"purged\":0", "\"retentionDays\":365");

    Run verified = run("hubia_audit_auditor", "verify", "--workflow", "purged");
    assertThat(verified.exit()).as(verified.out()).isZero();
    assertThat(verified.out()).contains("INTACT", "2 event(s)", "starts after retention anchor");
  }

  @Test
  void purgeDrivenByTheRenderedConfigurationUsesThePolicysRetention() throws Exception {
    String config =
        SampleConfig.valid("assistant-juridique", 7, "membres", 4)
            .replace("    identity:\n", "    audit:\n      retentionDays: 30\n    identity:\n");
    assertThat(config).contains("retentionDays: 30");
    Path file = temp.resolve("hubia-runtime.yaml");
    Files.writeString(file, config);
    append("hubia-demo", "assistant-juridique", 3, Instant.now().minus(Duration.ofDays(60)));
    append("hubia-demo", "assistant-juridique", 2, Instant.now().minus(Duration.ofDays(10)));

    Run purged = run("hubia_audit_retention", "purge", "--config", file.toString(), "--json");

    assertThat(purged.exit()).as(purged.err()).isZero();
    JsonNode report = JSON.readTree(purged.out());
    assertThat(report.get("namespace").asText()).isEqualTo("hubia-demo");
    assertThat(report.get("workflow").asText()).isEqualTo("assistant-juridique");
    assertThat(report.get("retentionDays").asInt()).isEqualTo(30);
    assertThat(report.get("purged").asLong()).isEqualTo(3);
    assertThat(report.at("/anchor/purgedCount").asLong()).isEqualTo(3);
    assertThat(run(null, "purge", "--config", file.toString(), "--workflow", "x").err())
        .contains("--config gives the workflow");
    assertThat(run("postgres", "verify", "--workflow", "assistant-juridique").exit()).isZero();

    // in a runtime pod: the mounted configuration names the workflow and the database
    Files.writeString(
        file, config.replace("jdbc:postgresql://audit.hubia.svc:5432/hubia", pg.jdbcUrl()));
    Run inPod =
        runWith(
            Map.of("HUBIA_AUDIT_USERNAME", "hubia_audit_auditor"),
            new Properties(),
            "verify",
            "--config",
            file.toString());
    assertThat(inPod.exit()).as(inPod.err()).isZero();
    assertThat(inPod.out()).contains("hubia-demo/assistant-juridique", "INTACT", "2 event(s)");
    Run exported =
        runWith(
            Map.of("HUBIA_AUDIT_USERNAME", "hubia_audit_auditor"),
            new Properties(),
            "export",
            "--config",
            file.toString());
    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(exported.out().lines()).hasSize(4);
    assertThat(run(null, "verify", "--config", file.toString(), "--namespace", "x").exit())
        .isEqualTo(2);
  }
}
