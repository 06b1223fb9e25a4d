/**
 * The audit trail: one event per request in PostgreSQL, hash-chained per workflow. No audit record,
 * no answer: {@link io.hubia.runtime.audit.AuditService#append} throws {@link
 * io.hubia.runtime.audit.AuditUnavailableException} (a 503 problem) when the event cannot be
 * written, and the {@code audit-store} readiness check is down meanwhile.
 *
 * <p>{@link io.hubia.runtime.audit.AuditStore} writes (plain JDBC, testable without Quarkus),
 * {@link io.hubia.runtime.audit.AuditHashing} defines the canonical form that the hashes cover
 * (versioned, for the verification and export to come), {@link io.hubia.runtime.audit.AuditSchema}
 * holds the Flyway migrations and {@link io.hubia.runtime.audit.AuditService} wires them to the
 * runtime configuration.
 */
package io.hubia.runtime.audit;
