package io.hubia.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agroal.api.AgroalDataSource;
import io.hubia.api.v1alpha1.spec.QuestionStorage;
import io.hubia.runtime.audit.AuditConnection;
import io.hubia.runtime.audit.AuditDataSources;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.audit.AuditHashing;
import io.hubia.runtime.audit.AuditMetrics;
import io.hubia.runtime.audit.AuditOptions;
import io.hubia.runtime.audit.AuditRecord;
import io.hubia.runtime.audit.AuditSchema;
import io.hubia.runtime.audit.AuditSettings;
import io.hubia.runtime.audit.AuditStore;
import io.hubia.runtime.audit.AuditVerifier;
import io.hubia.runtime.audit.VerificationReport;
import io.hubia.runtime.testing.EmbeddedPostgresServer;
import io.hubia.runtime.testing.SettingsDefaults;
import io.hubia.runtime.testing.TestFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Audit insert throughput: events per second appended through the real {@link AuditStore} (one
 * transaction per event: the chain's advisory lock, its last hash read, the event canonicalised and
 * hashed in Java, the insert, the commit), next to the limit, a plain JDBC INSERT loop of rows of
 * the same size into a table of the same shape without the chain ({@code plain_event}: the audit
 * migrations' DDL, columns, constraints and indexes included; autocommit, no lock, no read, no
 * hash), in the same embedded PostgreSQL, through the same pool (the production settings of {@link
 * AuditDataSources}), at the same concurrency: 1 thread, and 4 threads either on one chain (they
 * queue on its lock) or one workflow each.
 *
 * <p>Every configuration runs for {@code bench.auditSeconds} (2.5 s) per round, {@code
 * bench.auditRounds} (4) rounds in a rotated order so that machine noise hits all alike, after an
 * unreported warm-up second each; all of it twice, each time on a fresh server: durable ({@code
 * fsync} and {@code synchronous_commit} on, PostgreSQL's defaults: each commit waits for its WAL to
 * be flushed to disk, as in production) and without flush (the embedded server's default: the cost
 * of the statements alone). The chains written are verified at the end. Run with {@code ./mvnw -B
 * -Pbench verify -pl runtime -am}; results on stdout and in {@code
 * target/bench/audit-throughput.json}.
 */
class AuditThroughputBenchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String NS = "bench";
  private static final double SECONDS =
      Double.parseDouble(System.getProperty("bench.auditSeconds", "2.5"));
  private static final double WARMUP_SECONDS = 1.0;
  private static final int ROUNDS = Integer.getInteger("bench.auditRounds", 4);
  private static final int THREADS = 4;

  /** The options of the example's PolicySets: questions kept as a hash, answers stored. */
  private static final AuditOptions OPTIONS = new AuditOptions(true, QuestionStorage.Hash, true);

  /**
   * One way of writing rows.
   *
   * @param name how the report names it
   * @param audit through the audit store, else the plain loop
   * @param threads writers at once
   * @param chains audit chains they write to (one per thread, or all on one)
   */
  record Setup(String name, boolean audit, int threads, int chains) {
    String chain(int thread) {
      return chains == 1
          ? name.replaceAll("[^a-z0-9]+", "-")
          : name.replaceAll("[^a-z0-9]+", "-") + "-" + thread;
    }
  }

  static final List<Setup> SETUPS =
      List.of(
          new Setup("plain, 1 thread", false, 1, 0),
          new Setup("audit, 1 thread, 1 chain", true, 1, 1),
          new Setup("plain, 4 threads", false, THREADS, 0),
          new Setup("audit, 4 threads, 1 chain", true, THREADS, 1),
          new Setup("audit, 4 threads, 4 chains", true, THREADS, THREADS));

  /**
   * How the server commits.
   *
   * @param name how the report names it
   * @param serverConfig the server's settings
   */
  record Regime(String name, Map<String, String> serverConfig) {}

  /**
   * Commits flushed to disk as in production, then the embedded default (no flush: the cost of the
   * statements alone), each on a fresh server.
   */
  static final List<Regime> REGIMES =
      List.of(
          new Regime("durable", EmbeddedPostgresServer.DURABLE), new Regime("no flush", Map.of()));

  /** What one run of a setup did. */
  record Run(long events, long nanos, long[] latencies) {}

  @Test
  void auditInsertThroughput() throws Exception {
    long runStart = System.nanoTime();
    Path out = Path.of(System.getProperty("bench.outputDir", "target/bench"));
    Files.createDirectories(out);
    AuditSettings settings = SettingsDefaults.of(AuditSettings.class, Map.of());
    Map<String, Object> report = new LinkedHashMap<>();
    StringBuilder table = new StringBuilder();
    Map<String, Object> setup = new LinkedHashMap<>();
    setup.put("pool", "AuditDataSources, production settings: maxSize " + settings.poolSize());
    setup.put("secondsPerRun", SECONDS);
    setup.put("rounds", ROUNDS);
    setup.put("order", "setups rotated each round; 1 s warm-up each, unreported");
    setup.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("setup", setup);
    Map<String, Object> regimes = new LinkedHashMap<>();
    for (Regime regime : REGIMES) {
      try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(regime.serverConfig())) {
        AuditConnection connection =
            new AuditConnection(
                pg.jdbcUrl(),
                "postgres",
                null,
                settings.connectTimeout(),
                settings.statementTimeout(),
                settings.poolSize());
        Map<String, Object> r = new LinkedHashMap<>();
        try (AgroalDataSource pool = AuditDataSources.create(connection)) {
          AuditSchema.migrate(pool);
          createPlainTable(pool);
          r.put(
              "server",
              String.format(
                  Locale.ROOT,
                  "embedded PostgreSQL %s, fsync=%s, synchronous_commit=%s",
                  single(pool, "SHOW server_version"),
                  single(pool, "SHOW fsync"),
                  single(pool, "SHOW synchronous_commit")));
          AuditStore store =
              new AuditStore(
                  pool,
                  new AuditMetrics(new SimpleMeterRegistry()),
                  Clock.systemUTC(),
                  () -> OPTIONS);
          PlainInsert plain = PlainInsert.copying(pool, templateRow(store, pool));
          Map<String, Object> figures = measure(store, plain, pool);
          r.put("setups", figures);
          r.put("chains", verify(pool));
          r.put("rowBytes", rowBytes(pool));
          r.put("hashMicrosPerEvent", hashMicros(pool));
          table.append(table(regime.name() + ", " + r.get("server"), figures));
        }
        regimes.put(regime.name(), r);
      }
    }
    report.put("throughput", regimes);
    report.put("totalSeconds", round((System.nanoTime() - runStart) / 1e9, 1));
    String json = JSON.writeValueAsString(report);
    Files.writeString(out.resolve("audit-throughput.json"), json);
    Files.writeString(out.resolve("audit-throughput.txt"), table.toString());
    System.out.println(table);
    System.out.println("audit throughput:\n" + json);
  }

  /** Warm-up, then the rounds; the figures of each setup and its ratio to the plain loop. */
  private static Map<String, Object> measure(AuditStore store, PlainInsert plain, DataSource pool)
      throws Exception {
    for (Setup s : SETUPS) {
      run(s, WARMUP_SECONDS, store, plain, pool);
    }
    Map<Setup, List<Run>> runs = new LinkedHashMap<>();
    SETUPS.forEach(s -> runs.put(s, new ArrayList<>()));
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < SETUPS.size(); i++) {
        Setup s = SETUPS.get((i + round) % SETUPS.size());
        runs.get(s).add(run(s, SECONDS, store, plain, pool));
      }
    }
    Map<String, Double> perSecond = new LinkedHashMap<>();
    Map<String, Object> figures = new LinkedHashMap<>();
    for (Setup s : SETUPS) {
      List<Run> r = runs.get(s);
      long events = r.stream().mapToLong(Run::events).sum();
      double seconds = r.stream().mapToLong(Run::nanos).sum() / 1e9;
      Percentiles latency =
          Percentiles.of(r.stream().flatMapToLong(x -> Arrays.stream(x.latencies())).toArray());
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("threads", s.threads());
      f.put("chains", s.chains());
      f.put("events", events);
      f.put("eventsPerSecond", round(events / seconds, 0));
      f.put(
          "eventsPerSecondByRound",
          r.stream().map(x -> round(x.events() / (x.nanos() / 1e9), 0)).toList());
      f.put("latencyP50Ms", round(latency.at(0.50) / 1e6, 2));
      f.put("latencyP95Ms", round(latency.at(0.95) / 1e6, 2));
      f.put("latencyMeanMs", round(latency.mean() / 1e6, 2));
      perSecond.put(s.name(), events / seconds);
      figures.put(s.name(), f);
    }
    for (Setup s : SETUPS) {
      if (s.audit()) {
        Setup limit =
            SETUPS.stream()
                .filter(p -> !p.audit() && p.threads() == s.threads())
                .findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) figures.get(s.name());
        f.put("ratioToPlain", round(perSecond.get(s.name()) / perSecond.get(limit.name()), 3));
        // the ratio within each round too: the load of a shared machine drifts between rounds
        List<Double> byRound = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          Run a = runs.get(s).get(round);
          Run b = runs.get(limit).get(round);
          byRound.add(
              round((double) a.events() / a.nanos() / ((double) b.events() / b.nanos()), 3));
        }
        f.put("ratioToPlainByRound", byRound);
      }
    }
    return figures;
  }

  /** One setup for {@code seconds}: its threads start together and write until the deadline. */
  private static Run run(
      Setup setup, double seconds, AuditStore store, PlainInsert plain, DataSource pool)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(setup.threads());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<long[]>> results = new ArrayList<>();
    long[] start = new long[1];
    for (int t = 0; t < setup.threads(); t++) {
      AuditEvent event = template(setup.chain(t));
      results.add(
          threads.submit(
              () -> {
                go.await();
                long deadline = start[0] + (long) (seconds * 1e9);
                long[] latencies = new long[1024];
                int n = 0;
                for (long now = System.nanoTime(); now < deadline; ) {
                  if (setup.audit()) {
                    store.append(event, OPTIONS);
                  } else {
                    plain.insert(pool);
                  }
                  long end = System.nanoTime();
                  if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                  }
                  latencies[n++] = end - now;
                  now = end;
                }
                return Arrays.copyOf(latencies, n);
              }));
    }
    start[0] = System.nanoTime();
    go.countDown();
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : results) {
      all.add(f.get());
    }
    long nanos = System.nanoTime() - start[0];
    threads.shutdown();
    long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
    return new Run(latencies.length, nanos, latencies);
  }

  /**
   * An event the size of those {@code /ask} writes for the example (a Lyon branch member's question
   * answered by the extractive answerer from two of five retrieved chunks), on {@code workflow}'s
   * chain.
   */
  static AuditEvent template(String workflow) {
    List<AuditEvent.Retrieved> retrieved = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String doc = "national:fiches-pratiques/conges-payes-et-absences-" + i + ".md";
      retrieved.add(
          new AuditEvent.Retrieved("documents-federation", doc, doc + "#" + (i + 2), "1", 0.61));
    }
    return AuditEvent.builder()
        .namespace(NS)
        .workflow(workflow)
        .workflowGeneration(1L)
        .policy("politique-federation")
        .policyGeneration(1L)
        .subject("b3c1f0d2-5a4e-4f1b-9d3c-2e7a8b6c4d10")
        .claims(
            Map.of(
                "iss", "hubia-local",
                "sub", "b3c1f0d2-5a4e-4f1b-9d3c-2e7a8b6c4d10",
                "iat", 1767225600L,
                "exp", 1767229200L,
                "jti", "7f0c2a6e-91d4-4c1b-a3e5-5b8d2f9c0e17",
                "realm_access", Map.of("roles", List.of("collaborateur")),
                "antenne", "lyon"))
        .question("Combien de jours de congés payés un salarié acquiert-il par mois ?")
        .answer(
            "Un salarié acquiert 2,5 jours ouvrables de congés payés par mois de travail effectif"
                + " chez le même employeur [1], soit 30 jours ouvrables (cinq semaines) pour une"
                + " année complète de référence, du 1er juin au 31 mai [1]. Les périodes de congé"
                + " maternité, de paternité et d'accident du travail sont assimilées à du travail"
                + " effectif pour ce calcul [2].")
        .fallback(false)
        .citations(
            List.of(
                new AuditEvent.Citation(
                    retrieved.get(0).documentId(), retrieved.get(0).chunkId(), "1"),
                new AuditEvent.Citation(
                    retrieved.get(1).documentId(), retrieved.get(1).chunkId(), "1")))
        .retrieved(retrieved)
        .model("extractive")
        .tokensIn(0L)
        .tokensOut(0L)
        .decisions(
            List.of(
                new AuditEvent.Decision("read-rules", "labels", "4 labels"),
                new AuditEvent.Decision("route", "juridique", null),
                new AuditEvent.Decision("citations", "supported", "3 of 3 claims supported, 0 cut"),
                new AuditEvent.Decision("answerability", "answered", null)))
        .latencyMs(61L)
        .traceId("5d8e3b1a-0c7f-4e29-8a6b-3f1d9c2e7b40")
        .build();
  }

  /**
   * The id of an event appended through the store, the row the plain loop copies: the second of its
   * chain (a first has no {@code prev_hash}), on a chain named as long as the measured ones.
   */
  private static long templateRow(AuditStore store, DataSource pool) throws SQLException {
    AuditEvent template = template("template-of-the-plain-rows");
    store.append(template, OPTIONS);
    String eventId = store.append(template, OPTIONS);
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id FROM audit_event WHERE event_id = ?")) {
      s.setObject(1, UUID.fromString(eventId));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The plain loop's table: the audit migrations' DDL of {@code audit_event} (V1 and the indexes of
   * V3) under another name, so that columns, constraints and indexes are the same.
   */
  private static void createPlainTable(DataSource ds) throws IOException, SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String migration : List.of("V1__audit_events.sql", "V3__audit_token_usage_index.sql")) {
        s.execute(
            TestFiles.resource(AuditSchema.LOCATION + "/" + migration)
                .replace("audit_event", "plain_event"));
      }
    }
  }

  /** One row of {@code audit_event} inserted again and again into {@code plain_event}. */
  static final class PlainInsert {
    private final String sql;
    private final List<String> columns;
    private final List<Object> values;
    private final List<Integer> types;

    private PlainInsert(List<String> columns, List<Object> values, List<Integer> types) {
      this.columns = columns;
      this.values = values;
      this.types = types;
      this.sql =
          "INSERT INTO plain_event ("
              + String.join(", ", columns)
              + ") VALUES ("
              + String.join(", ", columns.stream().map(x -> "?").toList())
              + ")";
    }

    /** The values of the event {@code id}, column by column ({@code id} left to its sequence). */
    static PlainInsert copying(DataSource ds, long id) throws SQLException {
      try (Connection c = ds.getConnection();
          PreparedStatement s = c.prepareStatement("SELECT * FROM audit_event WHERE id = ?")) {
        s.setLong(1, id);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          ResultSetMetaData md = rs.getMetaData();
          List<String> columns = new ArrayList<>();
          List<Object> values = new ArrayList<>();
          List<Integer> types = new ArrayList<>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            if (!md.getColumnName(i).equals("id")) {
              columns.add(md.getColumnName(i));
              values.add(rs.getObject(i));
              types.add(md.getColumnType(i));
            }
          }
          return new PlainInsert(columns, values, types);
        }
      }
    }

    /** One row, in autocommit: a fresh event id and time, every other value as copied. */
    void insert(DataSource ds) throws SQLException {
      try (Connection c = ds.getConnection();
          PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < columns.size(); i++) {
          Object v =
              switch (columns.get(i)) {
                case "event_id" -> UUID.randomUUID();
                case "occurred_at" -> Timestamp.from(Instant.now());
                default -> values.get(i);
              };
          if (v == null) {
            s.setNull(i + 1, types.get(i));
          } else {
            s.setObject(i + 1, v);
          }
        }
        s.executeUpdate();
      }
    }
  }

  /** Every chain written, verified as the runtime verifies them. */
  private static Map<String, Object> verify(DataSource pool) throws SQLException {
    AuditVerifier verifier = new AuditVerifier(pool, Clock.systemUTC());
    List<String> chains = new ArrayList<>();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT workflow FROM audit_event WHERE namespace = '"
                    + NS
                    + "' ORDER BY 1")) {
      while (rs.next()) {
        chains.add(rs.getString(1));
      }
    }
    long events = 0;
    List<String> broken = new ArrayList<>();
    for (String chain : chains) {
      VerificationReport r = verifier.verify(NS, chain);
      events += r.eventsChecked();
      if (!r.intact()) {
        broken.add(chain + ": " + r.firstBroken());
      }
    }
    assertThat(broken).as("chains written under load").isEmpty();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verified", chains.size());
    m.put("events", events);
    m.put("intact", broken.isEmpty());
    return m;
  }

  /** Average stored size of a row (pg_column_size of the whole row) in each table. */
  private static Map<String, Object> rowBytes(DataSource pool) throws SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String table : List.of("audit_event", "plain_event")) {
      m.put(
          table,
          Math.round(
              Double.parseDouble(
                  single(pool, "SELECT avg(pg_column_size(t.*)) FROM " + table + " t"))));
    }
    return m;
  }

  /** The Java part of an append alone: the canonical form and SHA-256 of one stored event. */
  private static Map<String, Object> hashMicros(DataSource pool) throws SQLException {
    AuditRecord record;
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM audit_event ORDER BY id DESC LIMIT 1")) {
      rs.next();
      record = AuditRecord.fromRow(rs);
    }
    long[] nanos = new long[5000];
    int sink = 0;
    for (int i = -2000; i < nanos.length; i++) {
      long t = System.nanoTime();
      sink += AuditHashing.hash(record).length();
      if (i >= 0) {
        nanos[i] = System.nanoTime() - t;
      }
    }
    assertThat(sink).isPositive();
    Percentiles p = Percentiles.of(nanos);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", round(p.at(0.50) / 1e3, 1));
    m.put("mean", round(p.mean() / 1e3, 1));
    return m;
  }

  private static String table(String regime, Map<String, Object> figures) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%naudit insert throughput, %s (%d rounds x %.1f s per setup)%n",
            regime,
            ROUNDS,
            SECONDS));
    String fmt = "%-28s %10s %14s %12s  %s%n";
    t.append(
        String.format(
            Locale.ROOT, fmt, "setup", "events/s", "p50 / p95 ms", "audit/plain", "by round"));
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> f = (Map<String, Object>) e.getValue();
      t.append(
          String.format(
              Locale.ROOT,
              fmt,
              e.getKey(),
              f.get("eventsPerSecond"),
              f.get("latencyP50Ms") + " / " + f.get("latencyP95Ms"),
              f.getOrDefault("ratioToPlain", "(limit)"),
              f.get("eventsPerSecondByRound")
                  + (f.containsKey("ratioToPlainByRound")
                      ? ", ratios " + f.get("ratioToPlainByRound")
                      : "")));
    }
    return t.toString();
  }

  private static String single(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return single(c, sql);
    }
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
