package io.hubia.runtime.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * An audit event as stored: one row of {@code audit_event}, after the question storage and answer
 * settings were applied. Its {@link #hash()} is {@link AuditHashing#hash} of the other fields, so a
 * row read back can be checked ({@link #fromRow}), and its {@link #prevHash()} chains it to the
 * previous row of the same namespace and workflow.
 *
 * <p>JSON fields are canonical JSON trees ({@link AuditHashing#canonicalTree}): what is hashed is
 * exactly what is stored.
 */
public record AuditRecord(
    UUID eventId,
    Instant occurredAt,
    String namespace,
    String workflow,
    Long workflowGeneration,
    String policy,
    Long policyGeneration,
    String subject,
    JsonNode claims,
    String questionText,
    String questionHash,
    String answer,
    boolean fallback,
    String fallbackReason,
    JsonNode citations,
    JsonNode retrieved,
    String model,
    Long tokensIn,
    Long tokensOut,
    JsonNode decisions,
    Long latencyMs,
    String traceId,
    int hashVersion,
    String prevHash,
    String hash) {

  public AuditRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(workflow, "workflow");
    namespace = namespace == null ? "" : namespace;
    // PostgreSQL keeps microseconds: hash what will be read back
    occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(citations, "citations");
    Objects.requireNonNull(retrieved, "retrieved");
    Objects.requireNonNull(decisions, "decisions");
  }

  /** This record with its chain hashes set. */
  AuditRecord chained(String prevHash, String hash) {
    return new AuditRecord(
        eventId,
        occurredAt,
        namespace,
        workflow,
        workflowGeneration,
        policy,
        policyGeneration,
        subject,
        claims,
        questionText,
        questionHash,
        answer,
        fallback,
        fallbackReason,
        citations,
        retrieved,
        model,
        tokensIn,
        tokensOut,
        decisions,
        latencyMs,
        traceId,
        hashVersion,
        prevHash,
        hash);
  }

  /** Reads the current row of a {@code SELECT * FROM audit_event} result. */
  public static AuditRecord fromRow(ResultSet rs) throws SQLException {
    Timestamp occurred = rs.getTimestamp("occurred_at");
    return new AuditRecord(
        rs.getObject("event_id", UUID.class),
        occurred.toInstant(),
        rs.getString("namespace"),
        rs.getString("workflow"),
        getLong(rs, "workflow_generation"),
        rs.getString("policy"),
        getLong(rs, "policy_generation"),
        rs.getString("subject"),
        AuditHashing.parse(rs.getString("claims")),
        rs.getString("question_text"),
        rs.getString("question_hash"),
        rs.getString("answer"),
        rs.getBoolean("fallback"),
        rs.getString("fallback_reason"),
        AuditHashing.parse(rs.getString("citations")),
        AuditHashing.parse(rs.getString("retrieved")),
        rs.getString("model"),
        getLong(rs, "tokens_in"),
        getLong(rs, "tokens_out"),
        AuditHashing.parse(rs.getString("decisions")),
        getLong(rs, "latency_ms"),
        rs.getString("trace_id"),
        rs.getInt("hash_version"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  private static Long getLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
