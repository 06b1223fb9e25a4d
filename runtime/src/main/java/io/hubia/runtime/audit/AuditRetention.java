package io.hubia.runtime.audit;

import io.hubia.api.v1alpha1.spec.AuditSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Deletes the oldest events of a chain, as the retention policy asks, and keeps what is left
 * verifiable: one transaction, under the chain's advisory lock (the one appends take), deletes a
 * prefix of the chain and inserts an {@link AuditAnchor} that records the last event deleted. The
 * first event left links to that event's hash, so {@link AuditVerifier} proves the rest of the
 * chain intact from the anchor; and when the chain is emptied, the next event appended links to the
 * anchor ({@link AuditStore}).
 *
 * <p>What is deleted is a prefix in chain (id) order: every event up to, not including, the first
 * one that occurred at or after the cutoff. Events written concurrently can have times slightly out
 * of chain order, so an event just older than the cutoff that follows a newer one waits for the
 * next purge: a purge never leaves a hole in the chain.
 *
 * <p>Runs as the retention role of db/audit-roles.sql ({@code hubia_audit_retention}: SELECT and
 * DELETE on events, SELECT and INSERT on anchors), never as the runtime's.
 */
public final class AuditRetention {
  /** Days events are kept when the policy says nothing ({@code audit.retentionDays}). */
  public static final int DEFAULT_RETENTION_DAYS = 365;

  private static final String CHAIN = " FROM audit_event WHERE workflow = ? AND namespace = ?";
  private static final String FIRST_KEPT = "SELECT min(id)" + CHAIN + " AND occurred_at >= ?";
  private static final String LAST_PURGED_BEFORE =
      "SELECT id, event_id, occurred_at, hash" + CHAIN + " AND id < ? ORDER BY id DESC LIMIT 1";
  private static final String LAST_PURGED =
      "SELECT id, event_id, occurred_at, hash" + CHAIN + " ORDER BY id DESC LIMIT 1";
  private static final String COUNT = "SELECT count(*)" + CHAIN + " AND id <= ?";
  private static final String DELETE = "DELETE" + CHAIN + " AND id <= ?";
  private static final String INSERT_ANCHOR =
      "INSERT INTO audit_anchor (namespace, workflow, last_purged_id, last_purged_event_id,"
          + " last_purged_at, last_purged_hash, purged_count, cutoff) VALUES (?, ?, ?, ?, ?, ?, ?,"
          + " ?) RETURNING "
          + AuditAnchor.COLUMNS;

  /**
   * What a purge did.
   *
   * @param namespace the chain's namespace
   * @param workflow the chain's workflow
   * @param cutoff events that occurred before this time were due
   * @param purged events deleted (or that would be, on a dry run)
   * @param lastPurgedId database id of the last event deleted, or {@code null} if none
   * @param anchor the anchor written, or {@code null} (nothing purged, or a dry run)
   * @param dryRun whether nothing was changed
   * @param duration how long it took
   */
  public record Report(
      String namespace,
      String workflow,
      Instant cutoff,
      long purged,
      Long lastPurgedId,
      AuditAnchor anchor,
      boolean dryRun,
      Duration duration) {}

  private final DataSource dataSource;
  private final Clock clock;

  public AuditRetention(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The retention of a PolicySet's audit section, in days. */
  public static int retentionDays(AuditSpec spec) {
    return spec == null || spec.getRetentionDays() == null
        ? DEFAULT_RETENTION_DAYS
        : spec.getRetentionDays();
  }

  /** The cutoff of a purge run now that keeps {@code days} days of events. */
  public Instant cutoff(int days) {
    if (days < 1) {
      throw new IllegalArgumentException("retention must be at least 1 day, not " + days);
    }
    return clock.instant().minus(Duration.ofDays(days));
  }

  /**
   * Deletes the workflow's approval requests decided and held before {@code cutoff} (pending ones
   * are kept whatever their age: they still wait for a decision). Their decisions stay in the audit
   * trail until its own purge.
   *
   * @param dryRun count what would be deleted, change nothing
   * @return the requests deleted (or that would be)
   */
  public long purgeApprovals(String namespace, String workflow, Instant cutoff, boolean dryRun)
      throws SQLException {
    String where =
        " FROM approval_request WHERE workflow = ? AND namespace = ? AND status <> 'pending'"
            + " AND created_at < ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement((dryRun ? "SELECT count(*)" : "DELETE") + where)) {
      s.setString(1, workflow);
      s.setString(2, namespace == null ? "" : namespace);
      s.setTimestamp(3, java.sql.Timestamp.from(cutoff));
      if (!dryRun) {
        return s.executeUpdate();
      }
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Deletes the events of the chain that occurred before {@code cutoff} (a prefix, see above) and
   * records the anchor, in one transaction.
   *
   * @param dryRun count what would be deleted, change nothing
   * @throws SQLException when the database refuses (permissions, timeout...): nothing changed
   */
  public Report purge(String namespace, String workflow, Instant cutoff, boolean dryRun)
      throws SQLException {
    String ns = namespace == null ? "" : namespace;
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(cutoff, "cutoff");
    long started = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        AuditStore.lockChain(c, ns, workflow);
        Long firstKept = firstKept(c, ns, workflow, cutoff);
        Last last = lastPurged(c, ns, workflow, firstKept);
        if (last == null) {
          c.rollback();
          return new Report(ns, workflow, cutoff, 0, null, null, dryRun, since(started));
        }
        if (dryRun) {
          long count = count(c, ns, workflow, last.id());
          c.rollback();
          return new Report(ns, workflow, cutoff, count, last.id(), null, true, since(started));
        }
        long deleted;
        try (PreparedStatement s = c.prepareStatement(DELETE)) {
          s.setString(1, workflow);
          s.setString(2, ns);
          s.setLong(3, last.id());
          deleted = s.executeUpdate();
        }
        AuditAnchor anchor = insertAnchor(c, ns, workflow, last, deleted, cutoff);
        c.commit();
        return new Report(ns, workflow, cutoff, deleted, last.id(), anchor, false, since(started));
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException | RuntimeException ignored) {
          // the connection is broken; the pool discards it
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException ignored) {
          // the connection is broken; the pool discards it
        }
      }
    }
  }

  /** The last event to delete. */
  private record Last(long id, UUID eventId, Instant occurredAt, String hash) {}

  private static Long firstKept(Connection c, String ns, String workflow, Instant cutoff)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FIRST_KEPT)) {
      s.setString(1, workflow);
      s.setString(2, ns);
      s.setTimestamp(3, Timestamp.from(cutoff));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        long id = rs.getLong(1);
        return rs.wasNull() ? null : id;
      }
    }
  }

  private static Last lastPurged(Connection c, String ns, String workflow, Long firstKept)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(firstKept == null ? LAST_PURGED : LAST_PURGED_BEFORE)) {
      s.setString(1, workflow);
      s.setString(2, ns);
      if (firstKept != null) {
        s.setLong(3, firstKept);
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Last(
            rs.getLong("id"),
            rs.getObject("event_id", UUID.class),
            rs.getTimestamp("occurred_at").toInstant(),
            rs.getString("hash"));
      }
    }
  }

  private static long count(Connection c, String ns, String workflow, long lastId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(COUNT)) {
      s.setString(1, workflow);
      s.setString(2, ns);
      s.setLong(3, lastId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static AuditAnchor insertAnchor(
      Connection c, String ns, String workflow, Last last, long deleted, Instant cutoff)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT_ANCHOR)) {
      int i = 0;
      s.setString(++i, ns);
      s.setString(++i, workflow);
      s.setLong(++i, last.id());
      s.setObject(++i, last.eventId());
      s.setTimestamp(++i, Timestamp.from(last.occurredAt()));
      s.setString(++i, last.hash());
      s.setLong(++i, deleted);
      s.setTimestamp(++i, Timestamp.from(cutoff));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return AuditAnchor.fromRow(rs);
      }
    }
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
