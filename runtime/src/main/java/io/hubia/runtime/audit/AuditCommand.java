package io.hubia.runtime.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.InvalidConfigException;
import io.hubia.runtime.config.RuntimeConfigLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code audit} command of the runtime image: {@code verify}, {@code export} and {@code purge}
 * of one chain, and {@code migrate} of the schema, run without the HTTP server (by an auditor, a
 * retention CronJob, or whoever installs or upgrades Hubia).
 *
 * <pre>
 * hubia audit verify --workflow W [--namespace N] [--json]
 * hubia audit verify --file export.jsonl [--json]
 * hubia audit export --workflow W [--namespace N] [--from T] [--to T] [--out file.jsonl]
 * hubia audit purge  --workflow W [--namespace N] --older-than-days D [--dry-run] [--json]
 * hubia audit purge  --config /etc/hubia/hubia-runtime.yaml [--dry-run] [--json]
 * hubia audit migrate [--dry-run] [--json]
 * </pre>
 *
 * <p>{@code --config} (a rendered runtime configuration, as mounted in a runtime pod) stands for
 * {@code --workflow} and {@code --namespace} in every action, and gives purge the policy's
 * retention.
 *
 * <p>The database is the runtime's: property {@code hubia.audit.jdbc-url} or env {@code
 * HUBIA_AUDIT_JDBC_URL} (else, with {@code --config}, the configuration's {@code audit.jdbcUrl}),
 * user and password from {@code hubia.audit.username}/{@code password} or {@code
 * HUBIA_AUDIT_USERNAME}/{@code HUBIA_AUDIT_PASSWORD}. Verify and export need SELECT only (role
 * {@code hubia_audit_auditor}); purge needs the retention role ({@code hubia_audit_retention});
 * migrate, the schema's owner ({@code hubia_audit_owner}).
 *
 * <p>Exit codes: {@value #EXIT_OK} done (chain intact), {@value #EXIT_BROKEN} the chain or file is
 * broken, {@value #EXIT_USAGE} bad arguments or the database cannot be used.
 */
public final class AuditCommand {
  /** First argument selecting this command. */
  public static final String COMMAND = "audit";

  public static final int EXIT_OK = 0;
  public static final int EXIT_BROKEN = 1;
  public static final int EXIT_USAGE = 2;

  static final String USAGE =
      """
      usage: hubia audit verify --workflow W [--namespace N] [--json]
             hubia audit verify --file export.jsonl [--json]
             hubia audit export --workflow W [--namespace N] [--from T] [--to T] [--out file.jsonl]
             hubia audit purge  --workflow W [--namespace N] --older-than-days D [--dry-run] [--json]
             hubia audit purge  --config hubia-runtime.yaml [--dry-run] [--json]
             hubia audit migrate [--dry-run] [--json]   (as the schema's owner role)
      --config <rendered runtime configuration> stands for --workflow and --namespace (and gives
      purge the policy's retentionDays, the database its audit.jdbcUrl).
      T: 2026-01-01T00:00:00Z or 2026-01-01 (UTC). Database: HUBIA_AUDIT_JDBC_URL,
      HUBIA_AUDIT_USERNAME, HUBIA_AUDIT_PASSWORD (or -Dhubia.audit.jdbc-url=... etc.).""";

  /** Statements of a command may run long (a purge of millions of rows): 30 minutes each. */
  private static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(30);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FLAGS = Set.of("--json", "--dry-run");

  private final Function<String, String> env;
  private final Properties properties;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  /**
   * @param env the environment
   * @param properties system properties (they win over the environment)
   * @param out where results go (export data without {@code --out}, reports)
   * @param err where errors and export summaries go
   */
  public AuditCommand(
      Function<String, String> env,
      Properties properties,
      PrintStream out,
      PrintStream err,
      Clock clock) {
    this.env = env;
    this.properties = properties;
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  /** Runs with the process environment, system properties and console; returns the exit code. */
  public static int main(List<String> args) {
    return new AuditCommand(
            System::getenv, System.getProperties(), System.out, System.err, Clock.systemUTC())
        .run(args);
  }

  /** Runs {@code args} (without the leading {@code audit}); returns the exit code. */
  public int run(List<String> args) {
    Map<String, String> options;
    String action;
    try {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("no action given");
      }
      action = args.get(0);
      options = options(args.subList(1, args.size()));
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    try {
      return switch (action) {
        case "verify" -> verify(options);
        case "export" -> export(options);
        case "purge" -> purge(options);
        case "migrate" -> migrate(options);
        default -> usage("unknown action '" + action + "'");
      };
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    } catch (SQLException | IOException | RuntimeException e) {
      err.println("hubia audit " + action + ": " + AuditStore.describe(e));
      return EXIT_USAGE;
    }
  }

  private int verify(Map<String, String> o) throws SQLException {
    allow(o, "--workflow", "--namespace", "--config", "--json", "--file");
    boolean json = o.containsKey("--json");
    VerificationReport report;
    if (o.containsKey("--file")) {
      if (o.containsKey("--workflow")
          || o.containsKey("--namespace")
          || o.containsKey("--config")) {
        throw new IllegalArgumentException("--file takes no --workflow, --namespace or --config");
      }
      report = new AuditVerifier(null, clock).verifyFile(Path.of(o.get("--file")));
    } else {
      Chain chain = chain(o);
      String workflow = chain.workflow();
      try (AgroalDataSource db = connect(chain.config())) {
        String namespace = namespace(db, chain);
        report = new AuditVerifier(db, clock).verify(namespace, workflow);
        if (!report.failed() && report.eventsChecked() == 0 && report.anchor() == null) {
          err.println(
              "hubia audit verify: no audit event of workflow '"
                  + workflow
                  + "' in namespace '"
                  + namespace
                  + "'"
                  + elsewhere(db, workflow));
          return EXIT_USAGE;
        }
      }
    }
    if (json) {
      out.println(toJson(report.toReport()));
    } else {
      out.println(report.describe());
    }
    if (report.failed()) {
      if (json) {
        err.println("hubia audit verify: " + report.error());
      }
      return EXIT_USAGE;
    }
    return report.intact() ? EXIT_OK : EXIT_BROKEN;
  }

  private int export(Map<String, String> o) throws SQLException, IOException {
    allow(o, "--workflow", "--namespace", "--config", "--from", "--to", "--out");
    Chain chain = chain(o);
    String workflow = chain.workflow();
    Instant from = time(o, "--from");
    Instant to = time(o, "--to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("--from must be before --to");
    }
    try (AgroalDataSource db = connect(chain.config())) {
      String namespace = namespace(db, chain);
      AuditExporter exporter = new AuditExporter(db, clock);
      AuditExporter.Summary summary;
      String target;
      if (o.containsKey("--out")) {
        Path file = Path.of(o.get("--out")).toAbsolutePath();
        // written beside, then moved: a file with the final name is always complete
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (Writer w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
          summary = exporter.export(namespace, workflow, from, to, w);
        } catch (SQLException | IOException | RuntimeException e) {
          Files.deleteIfExists(part);
          throw e;
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        target = file.toString();
      } else {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        summary = exporter.export(namespace, workflow, from, to, w);
        w.flush();
        target = "standard output";
      }
      err.println(
          "hubia audit export: "
              + summary.events()
              + " event(s) of "
              + (namespace.isEmpty() ? "" : namespace + "/")
              + workflow
              + (summary.events() == 0
                  ? ""
                  : " (ids "
                      + summary.firstId()
                      + " to "
                      + summary.lastId()
                      + ", last hash "
                      + summary.lastHash()
                      + ")")
              + " written to "
              + target);
      return EXIT_OK;
    }
  }

  private int purge(Map<String, String> o) throws SQLException {
    allow(o, "--workflow", "--namespace", "--older-than-days", "--config", "--dry-run", "--json");
    Chain chain = chain(o);
    String workflow = chain.workflow();
    int days;
    if (chain.config() != null) {
      if (o.containsKey("--older-than-days")) {
        throw new IllegalArgumentException(
            "--config gives the retention (the policy's audit.retentionDays): no"
                + " --older-than-days with it");
      }
      var spec = chain.config().getPolicy().getSpec();
      days = AuditRetention.retentionDays(spec == null ? null : spec.getAudit());
    } else {
      days = positive(required(o, "--older-than-days"), "--older-than-days");
    }
    try (AgroalDataSource db = connect(chain.config())) {
      String namespace = namespace(db, chain);
      AuditRetention retention = new AuditRetention(db, clock);
      AuditRetention.Report report =
          retention.purge(namespace, workflow, retention.cutoff(days), o.containsKey("--dry-run"));
      long approvals =
          retention.purgeApprovals(
              namespace, workflow, report.cutoff(), o.containsKey("--dry-run"));
      if (o.containsKey("--json")) {
        ObjectNode node = JSON.createObjectNode();
        node.put("namespace", report.namespace());
        node.put("workflow", report.workflow());
        node.put("retentionDays", days);
        node.put("cutoff", report.cutoff().toString());
        node.put("dryRun", report.dryRun());
        node.put("purged", report.purged());
        node.put("lastPurgedId", report.lastPurgedId());
        node.put("durationMillis", report.duration().toMillis());
        node.put("approvalsPurged", approvals);
        if (report.anchor() != null) {
          node.set("anchor", JSON.valueToTree(report.anchor().toReport()));
        }
        out.println(toJson(node));
      } else {
        String name = (namespace.isEmpty() ? "" : namespace + "/") + workflow;
        if (report.purged() == 0) {
          out.println(
              "audit chain " + name + ": nothing older than " + report.cutoff() + " to purge");
        } else if (report.dryRun()) {
          out.println(
              "audit chain "
                  + name
                  + ": would purge "
                  + report.purged()
                  + " event(s) up to id "
                  + report.lastPurgedId()
                  + " (older than "
                  + report.cutoff()
                  + "); nothing changed (--dry-run)");
        } else {
          out.println(
              "audit chain "
                  + name
                  + ": purged "
                  + report.purged()
                  + " event(s) up to id "
                  + report.lastPurgedId()
                  + " (older than "
                  + report.cutoff()
                  + ") in "
                  + report.duration().toMillis()
                  + " ms; anchor "
                  + report.anchor().id()
                  + " keeps hash "
                  + report.anchor().lastPurgedHash());
        }
        if (approvals > 0) {
          out.println(
              "approval requests of "
                  + name
                  + ": "
                  + (report.dryRun() ? "would purge " : "purged ")
                  + approvals
                  + " decided before "
                  + report.cutoff());
        }
      }
      return EXIT_OK;
    }
  }

  /**
   * Applies the audit schema's pending migrations (this runtime's version), or with {@code
   * --dry-run} only lists them: what an install or upgrade runs before the runtimes, whose own role
   * may not change the schema (hubia.audit.migrate=false).
   */
  private int migrate(Map<String, String> o) throws SQLException {
    allow(o, "--dry-run", "--json");
    boolean dryRun = o.containsKey("--dry-run");
    // Flyway holds a second connection while it migrates
    try (AgroalDataSource db = connect(null, 2)) {
      AuditSchema.Status before = AuditSchema.status(db);
      AuditSchema.Status after = dryRun ? before : AuditSchema.migrateAndReport(db);
      int applied = dryRun ? 0 : before.pending().size() - after.pending().size();
      if (o.containsKey("--json")) {
        ObjectNode node = JSON.createObjectNode();
        node.put("dryRun", dryRun);
        node.put("versionBefore", before.version());
        node.put("version", after.version());
        node.put("applied", applied);
        node.putPOJO("pending", after.pending());
        out.println(node);
      } else if (dryRun) {
        out.println(
            "audit schema at version "
                + before.version()
                + (before.pending().isEmpty()
                    ? ": up to date"
                    : ": would apply " + String.join(", ", before.pending()))
                + " (--dry-run)");
      } else {
        out.println(
            applied == 0
                ? "audit schema at version " + after.version() + ": up to date"
                : "audit schema migrated from version "
                    + before.version()
                    + " to "
                    + after.version()
                    + ": applied "
                    + String.join(", ", before.pending()));
      }
      return EXIT_OK;
    }
  }

  private RuntimeConfig loadConfig(Path file) {
    try {
      ConfigSnapshot snapshot = new RuntimeConfigLoader(clock).load(file);
      return snapshot.config();
    } catch (InvalidConfigException e) {
      throw new IllegalArgumentException("--config " + file + ": " + e.getMessage());
    }
  }

  /** The pool of a command: one connection, long statements. */
  private AgroalDataSource connect(RuntimeConfig config) throws SQLException {
    return connect(config, 1);
  }

  private AgroalDataSource connect(RuntimeConfig config, int connections) throws SQLException {
    String url = setting("hubia.audit.jdbc-url", "HUBIA_AUDIT_JDBC_URL");
    if (url == null && config != null && config.getAudit() != null) {
      url = blankToNull(config.getAudit().getJdbcUrl());
    }
    if (url == null) {
      throw new IllegalArgumentException(
          "no audit database: set HUBIA_AUDIT_JDBC_URL (or -Dhubia.audit.jdbc-url)");
    }
    return AuditDataSources.create(
        new AuditConnection(
            url,
            setting("hubia.audit.username", "HUBIA_AUDIT_USERNAME"),
            setting("hubia.audit.password", "HUBIA_AUDIT_PASSWORD"),
            CONNECT_TIMEOUT,
            STATEMENT_TIMEOUT,
            connections));
  }

  /**
   * The chain a command works on: from {@code --config} (the rendered runtime configuration: its
   * workflow, namespace and audit database), or {@code --workflow} and {@code --namespace}.
   *
   * @param namespace {@code null} when to be found from the events
   */
  private record Chain(RuntimeConfig config, String workflow, String namespace) {}

  private Chain chain(Map<String, String> o) {
    if (o.containsKey("--config")) {
      if (o.containsKey("--workflow") || o.containsKey("--namespace")) {
        throw new IllegalArgumentException(
            "--config gives the workflow and namespace: no --workflow or --namespace with it");
      }
      RuntimeConfig config = loadConfig(Path.of(o.get("--config")));
      String namespace = config.getWorkflow().getNamespace();
      return new Chain(config, config.getWorkflow().getName(), namespace == null ? "" : namespace);
    }
    return new Chain(null, required(o, "--workflow"), o.get("--namespace"));
  }

  /**
   * The namespace of the chain: given, else the only namespace that holds events or anchors of its
   * workflow.
   */
  private static String namespace(AgroalDataSource db, Chain chain) throws SQLException {
    if (chain.namespace() != null) {
      return chain.namespace();
    }
    String workflow = chain.workflow();
    List<String> namespaces = namespacesOf(db, workflow);
    if (namespaces.size() == 1) {
      return namespaces.get(0);
    }
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException(
          "no audit event of workflow '" + workflow + "' in any namespace");
    }
    throw new IllegalArgumentException(
        "workflow '"
            + workflow
            + "' has events in several namespaces "
            + quoted(namespaces)
            + ": choose one with --namespace");
  }

  private static String elsewhere(AgroalDataSource db, String workflow) throws SQLException {
    List<String> namespaces = namespacesOf(db, workflow);
    return namespaces.isEmpty() ? "" : " (it has events in " + quoted(namespaces) + ")";
  }

  static List<String> namespacesOf(AgroalDataSource db, String workflow) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT namespace FROM audit_event WHERE workflow = ? UNION SELECT namespace FROM"
                    + " audit_anchor WHERE workflow = ? ORDER BY 1")) {
      s.setString(1, workflow);
      s.setString(2, workflow);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }

  private String setting(String property, String variable) {
    String value = blankToNull(properties.getProperty(property));
    return value != null ? value : blankToNull(env.apply(variable));
  }

  private static Map<String, String> options(List<String> args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (!name.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + name + "'");
      }
      String value;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (FLAGS.contains(name)) {
        value = "true";
      } else {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        value = args.get(++i);
      }
      if (options.put(name, value) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    return options;
  }

  private static void allow(Map<String, String> options, String... names) {
    Set<String> allowed = Set.of(names);
    for (String name : options.keySet()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = blankToNull(options.get(name));
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  private static int positive(String value, String name) {
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of days, at least 1");
    }
  }

  /** An RFC 3339 instant, or a date (midnight UTC). */
  static Instant time(Map<String, String> options, String name) {
    String value = blankToNull(options.get(name));
    if (value == null) {
      return null;
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must look like 2026-01-01T00:00:00Z or 2026-01-01, not '" + value + "'");
    }
  }

  private int usage(String problem) {
    err.println("hubia audit: " + problem);
    err.println(USAGE);
    return EXIT_USAGE;
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
