/**
 * The audit trail: one event per request in PostgreSQL, hash-chained per workflow. No audit record,
 * no answer: {@link io.hubia.runtime.audit.AuditService#append} throws {@link
 * io.hubia.runtime.audit.AuditUnavailableException} (a 503 problem) when the event cannot be
 * written, and the {@code audit-store} readiness check is down meanwhile.
 *
 * <p>{@link io.hubia.runtime.audit.AuditStore} writes (plain JDBC, testable without Quarkus),
 * {@link io.hubia.runtime.audit.AuditHashing} defines the canonical form that the hashes cover
 * (versioned), {@link io.hubia.runtime.audit.AuditSchema} holds the Flyway migrations and {@link
 * io.hubia.runtime.audit.AuditService} wires them to the runtime configuration.
 *
 * <p>{@link io.hubia.runtime.audit.AuditVerifier} walks a chain (from the database or an export
 * file) and reports its first broken link; {@link io.hubia.runtime.audit.AuditExporter} writes a
 * range as JSON Lines an auditor can verify offline; {@link io.hubia.runtime.audit.AuditRetention}
 * purges the oldest events and leaves an {@link io.hubia.runtime.audit.AuditAnchor} the rest of the
 * chain links to; {@link io.hubia.runtime.audit.AuditVerifications} verifies the served chains
 * periodically and builds the health report the operator reads; {@link
 * io.hubia.runtime.audit.AuditCommand} is {@code hubia audit verify|export|purge}. See
 * docs/audit.md.
 */
package io.hubia.runtime.audit;
