package io.hubia.runtime.audit;

import io.hubia.api.audit.AuditHealthReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code audit_anchor}: a purge of a chain's oldest events, and the last event it
 * deleted, whose hash the first event left links to.
 *
 * @param id the anchor's id (anchors of a chain follow each other in id order)
 * @param namespace the chain's namespace
 * @param workflow the chain's workflow
 * @param lastPurgedId database id of the last event deleted
 * @param lastPurgedEventId its event id
 * @param lastPurgedAt when it occurred
 * @param lastPurgedHash its hash
 * @param purgedCount events deleted by this purge
 * @param cutoff events that occurred before this time were due for deletion
 * @param createdAt when the purge committed
 */
public record AuditAnchor(
    long id,
    String namespace,
    String workflow,
    long lastPurgedId,
    UUID lastPurgedEventId,
    Instant lastPurgedAt,
    String lastPurgedHash,
    long purgedCount,
    Instant cutoff,
    Instant createdAt) {

  /** The columns {@link #fromRow} reads. */
  static final String COLUMNS =
      "id, namespace, workflow, last_purged_id, last_purged_event_id, last_purged_at,"
          + " last_purged_hash, purged_count, cutoff, created_at";

  /** Reads the current row of a {@code SELECT} of {@link #COLUMNS}. */
  static AuditAnchor fromRow(ResultSet rs) throws SQLException {
    return new AuditAnchor(
        rs.getLong("id"),
        rs.getString("namespace"),
        rs.getString("workflow"),
        rs.getLong("last_purged_id"),
        rs.getObject("last_purged_event_id", UUID.class),
        rs.getTimestamp("last_purged_at").toInstant(),
        rs.getString("last_purged_hash"),
        rs.getLong("purged_count"),
        rs.getTimestamp("cutoff").toInstant(),
        rs.getTimestamp("created_at").toInstant());
  }

  /** This anchor in the health report's form. */
  public AuditHealthReport.Anchor toReport() {
    AuditHealthReport.Anchor a = new AuditHealthReport.Anchor();
    a.setId(id);
    a.setLastPurgedId(lastPurgedId);
    a.setLastPurgedEventId(lastPurgedEventId.toString());
    a.setLastPurgedAt(lastPurgedAt.toString());
    a.setLastPurgedHash(lastPurgedHash);
    a.setPurgedCount(purgedCount);
    a.setCutoff(cutoff.toString());
    a.setCreatedAt(createdAt.toString());
    return a;
  }
}
