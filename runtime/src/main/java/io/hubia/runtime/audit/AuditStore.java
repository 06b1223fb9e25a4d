package io.hubia.runtime.audit;

import io.hubia.api.v1alpha1.spec.QuestionStorage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Appends audit events to PostgreSQL ({@code audit_event}, schema {@link AuditSchema}), one
 * transaction per event, each chained to the previous event of its workflow.
 *
 * <p>Chaining under concurrency: the insert transaction first takes a transaction-scoped advisory
 * lock for its chain ({@code pg_advisory_xact_lock}, key derived from namespace and workflow), then
 * reads the chain's last hash, computes the new hash in Java and inserts. The lock is held until
 * commit, so two events of one chain never read the same previous hash, and their ids follow chain
 * order; events of different workflows do not wait for each other. This holds across replicas of a
 * runtime sharing the database, which a JVM lock would not give.
 *
 * <p>Failures: any failure to write (unreachable database, timeout, refused statement) throws
 * {@link AuditUnavailableException}, counts in {@code hubia_audit_failures_total} and marks the
 * store down in {@link #health()} until the next successful append or {@link #probe()}. Fail
 * closed: no audit record, no answer. Messages never carry credentials or event content.
 *
 * <p>Thread-safe. The data source decides connection and statement timeouts ({@link
 * AuditDataSources}).
 */
public final class AuditStore {
  private static final Logger LOG = Logger.getLogger(AuditStore.class);

  /** Namespaces the advisory lock keys of audit chains among other users of the database. */
  private static final String LOCK_PREFIX = "hubia.audit.chain:";

  private static final String LOCK = "SELECT pg_advisory_xact_lock(?)";

  /**
   * The hash the next event links to: the chain's last event, else (a purge emptied the chain) the
   * hash of the last event purged, recorded by the chain's latest anchor, else none.
   */
  private static final String LAST_HASH =
      "SELECT hash FROM ((SELECT hash, 0 AS pick FROM audit_event WHERE workflow = ? AND namespace"
          + " = ? ORDER BY id DESC LIMIT 1) UNION ALL (SELECT last_purged_hash, 1 FROM audit_anchor"
          + " WHERE workflow = ? AND namespace = ? ORDER BY id DESC LIMIT 1)) last ORDER BY pick"
          + " LIMIT 1";

  private static final String INSERT =
      "INSERT INTO audit_event (event_id, occurred_at, namespace, workflow, workflow_generation,"
          + " policy, policy_generation, subject, claims, question_text, question_hash, answer,"
          + " fallback, fallback_reason, citations, retrieved, model, tokens_in, tokens_out,"
          + " decisions, latency_ms, trace_id, hash_version, prev_hash, hash) VALUES (?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?, ?, ?,"
          + " ?)";
  private static final String PROBE = "SELECT has_table_privilege('audit_event', 'INSERT')";

  // the predicate on tokens matches the partial indexes of V3__audit_token_usage_index.sql
  private static final String TOKENS =
      "SELECT coalesce(sum(coalesce(tokens_in, 0) + coalesce(tokens_out, 0)), 0) FROM audit_event"
          + " WHERE workflow = ? AND namespace = ? AND occurred_at >= ?"
          + " AND (tokens_in > 0 OR tokens_out > 0)";
  private static final String TOKENS_OF_SUBJECT = TOKENS + " AND subject = ?";

  private final DataSource dataSource;
  private final AuditMetrics metrics;
  private final Clock clock;
  private final Supplier<AuditOptions> defaultOptions;

  private final AtomicReference<AuditHealth> health =
      new AtomicReference<>(AuditHealth.unknown("no write or probe yet"));

  /**
   * @param dataSource connections to the audit database, schema migrated
   * @param metrics where events and failures are counted
   * @param clock gives {@code occurredAt} when an event has none, and health times
   * @param defaultOptions the options of {@link #append(AuditEvent)}, read at each call (the
   *     current PolicySet's)
   */
  public AuditStore(
      DataSource dataSource,
      AuditMetrics metrics,
      Clock clock,
      Supplier<AuditOptions> defaultOptions) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaultOptions = Objects.requireNonNull(defaultOptions, "defaultOptions");
  }

  /**
   * Appends {@code event} with the current default options; see {@link #append(AuditEvent,
   * AuditOptions)}.
   */
  public String append(AuditEvent event) {
    return append(event, defaultOptions.get());
  }

  /**
   * Writes {@code event}, keeping of its question and answer what {@code options} allow, and
   * returns its audit id (the event id, a UUID) once committed.
   *
   * @throws AuditUnavailableException if the event could not be written
   */
  public String append(AuditEvent event, AuditOptions options) {
    AuditRecord record = toRecord(event, options);
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        AuditRecord chained = insert(c, record);
        c.commit();
        record = chained;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        restoreQuietly(c, autoCommit);
      }
    } catch (SQLException | RuntimeException e) {
      String message = describe(e);
      failed(message);
      metrics.failed();
      throw new AuditUnavailableException("audit event not written: " + message, e);
    }
    Instant now = clock.instant();
    succeeded(now, true);
    metrics.written(now);
    return record.eventId().toString();
  }

  private AuditRecord insert(Connection c, AuditRecord record) throws SQLException {
    lockChain(c, record.namespace(), record.workflow());
    String prev = null;
    try (PreparedStatement last = c.prepareStatement(LAST_HASH)) {
      last.setString(1, record.workflow());
      last.setString(2, record.namespace());
      last.setString(3, record.workflow());
      last.setString(4, record.namespace());
      try (ResultSet rs = last.executeQuery()) {
        if (rs.next()) {
          prev = rs.getString(1);
        }
      }
    }
    AuditRecord unhashed = record.chained(prev, null);
    AuditRecord chained = unhashed.chained(prev, AuditHashing.hash(unhashed));
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      int i = 0;
      insert.setObject(++i, chained.eventId());
      insert.setTimestamp(++i, Timestamp.from(chained.occurredAt()));
      insert.setString(++i, chained.namespace());
      insert.setString(++i, chained.workflow());
      setLong(insert, ++i, chained.workflowGeneration());
      insert.setString(++i, chained.policy());
      setLong(insert, ++i, chained.policyGeneration());
      insert.setString(++i, chained.subject());
      insert.setString(++i, AuditHashing.write(chained.claims()));
      insert.setString(++i, chained.questionText());
      insert.setString(++i, chained.questionHash());
      insert.setString(++i, chained.answer());
      insert.setBoolean(++i, chained.fallback());
      insert.setString(++i, chained.fallbackReason());
      insert.setString(++i, AuditHashing.write(chained.citations()));
      insert.setString(++i, AuditHashing.write(chained.retrieved()));
      insert.setString(++i, chained.model());
      setLong(insert, ++i, chained.tokensIn());
      setLong(insert, ++i, chained.tokensOut());
      insert.setString(++i, AuditHashing.write(chained.decisions()));
      setLong(insert, ++i, chained.latencyMs());
      insert.setString(++i, chained.traceId());
      insert.setInt(++i, chained.hashVersion());
      insert.setString(++i, chained.prevHash());
      insert.setString(++i, chained.hash());
      insert.executeUpdate();
    }
    return chained;
  }

  /**
   * Checks that the store can write without writing: a connection, and the INSERT privilege on
   * {@code audit_event}. Updates {@link #health()}; never throws.
   *
   * @return whether the store can write
   */
  public boolean probe() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(PROBE);
        ResultSet rs = s.executeQuery()) {
      if (rs.next() && rs.getBoolean(1)) {
        succeeded(clock.instant(), false);
        return true;
      }
      failed("no INSERT privilege on audit_event");
      return false;
    } catch (SQLException | RuntimeException e) {
      failed(describe(e));
      return false;
    }
  }

  /**
   * The model tokens ({@code tokens_in + tokens_out}) of a workflow's events that occurred at or
   * after {@code since}: of one subject, or of all when {@code subject} is {@code null}. What token
   * budgets are checked against; read through the partial indexes of events that spent tokens.
   * Leaves {@link #health()} alone: it tells whether the store can write.
   *
   * @throws AuditUnavailableException if the store cannot be read
   */
  public long tokensSince(String namespace, String workflow, String subject, Instant since) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(subject == null ? TOKENS : TOKENS_OF_SUBJECT)) {
      s.setString(1, workflow);
      s.setString(2, namespace == null ? "" : namespace);
      s.setTimestamp(3, Timestamp.from(since));
      if (subject != null) {
        s.setString(4, subject);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException | RuntimeException e) {
      throw new AuditUnavailableException("token usage not read: " + describe(e), e);
    }
  }

  /** Whether the latest append or probe succeeded, with failure counts and the last error. */
  public AuditHealth health() {
    return health.get();
  }

  /**
   * Applies the question storage and answer settings and canonicalises the JSON fields: the record
   * that will be hashed and stored.
   */
  AuditRecord toRecord(AuditEvent e, AuditOptions options) {
    String question = AuditHashing.withoutNul(e.question());
    String questionText = null;
    String questionHash = null;
    if (question != null) {
      if (options.questionStorage() == QuestionStorage.Text) {
        questionText = question;
      } else if (options.questionStorage() == QuestionStorage.Hash) {
        questionHash = AuditHashing.sha256Hex(question);
      }
    }
    return new AuditRecord(
        e.eventId() == null ? UUID.randomUUID() : e.eventId(),
        e.occurredAt() == null ? clock.instant() : e.occurredAt(),
        AuditHashing.withoutNul(e.namespace()),
        AuditHashing.withoutNul(e.workflow()),
        e.workflowGeneration(),
        AuditHashing.withoutNul(e.policy()),
        e.policyGeneration(),
        AuditHashing.withoutNul(e.subject()),
        AuditHashing.canonicalTree(e.claims()),
        questionText,
        questionHash,
        options.storeAnswers() ? AuditHashing.withoutNul(e.answer()) : null,
        e.fallback(),
        AuditHashing.withoutNul(e.fallbackReason()),
        AuditHashing.canonicalTree(e.citations()),
        AuditHashing.canonicalTree(e.retrieved()),
        AuditHashing.withoutNul(e.model()),
        e.tokensIn(),
        e.tokensOut(),
        AuditHashing.canonicalTree(e.decisions()),
        e.latencyMs(),
        AuditHashing.withoutNul(e.traceId()),
        AuditHashing.VERSION,
        null,
        null);
  }

  /**
   * Takes the chain's transaction-scoped advisory lock, the one every append and purge of the chain
   * holds until it commits.
   */
  static void lockChain(Connection c, String namespace, String workflow) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement(LOCK)) {
      lock.setLong(1, lockKey(namespace, workflow));
      lock.execute();
    }
  }

  /**
   * The advisory lock key of a chain: the first 8 bytes of the SHA-256 of its name. Two chains
   * sharing a key would only wait for each other; the chains stay correct.
   */
  static long lockKey(String namespace, String workflow) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((LOCK_PREFIX + namespace + "/" + workflow).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private void succeeded(Instant at, boolean event) {
    AuditHealth before =
        health.getAndUpdate(
            h ->
                new AuditHealth(
                    true,
                    at,
                    event ? at : h.lastEvent(),
                    h.failures(),
                    0,
                    h.lastError(),
                    h.lastErrorAt()));
    if (before.consecutiveFailures() > 0) {
      LOG.infof(
          "Audit store writes again after %d failed attempt(s)", before.consecutiveFailures());
    }
  }

  private void failed(String message) {
    Instant now = clock.instant();
    AuditHealth before =
        health.getAndUpdate(
            h ->
                new AuditHealth(
                    false,
                    h.lastSuccess(),
                    h.lastEvent(),
                    h.failures() + 1,
                    h.consecutiveFailures() + 1,
                    message,
                    now));
    if (before.up() || before.consecutiveFailures() == 0) {
      LOG.errorf("Audit store cannot write: %s", message);
    } else if (!message.equals(before.lastError())) {
      LOG.warnf("Audit store still cannot write: %s", message);
    }
  }

  /**
   * A one-line description of a failure for health data and logs. JDBC driver messages name hosts,
   * ports, users and SQL states, never passwords; event content is never part of them because every
   * value is a bind parameter.
   */
  static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < 400; t = t.getCause()) {
      String m = t.getMessage();
      if (!out.isEmpty()) {
        out.append(": ");
      }
      out.append(t.getClass().getSimpleName());
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        out.append(" [").append(sql.getSQLState()).append(']');
      }
      if (m != null && !m.isBlank()) {
        out.append(' ').append(firstLine(m));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return out.length() > 400 ? out.substring(0, 400) + "..." : out.toString();
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException ignored) {
      // the connection is broken; the pool discards it
    }
  }

  private static void restoreQuietly(Connection c, boolean autoCommit) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException | RuntimeException ignored) {
      // the connection is broken; the pool discards it
    }
  }
}
