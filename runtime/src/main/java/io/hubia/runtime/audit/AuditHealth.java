package io.hubia.runtime.audit;

import java.time.Instant;

/**
 * Whether the audit store can write, from the outcome of its latest operation (an append or a
 * probe).
 *
 * @param up the latest operation succeeded
 * @param lastSuccess when an operation last succeeded, or {@code null}
 * @param lastEvent when an event was last written, or {@code null}
 * @param failures operations that failed since the store was created
 * @param consecutiveFailures operations that failed since the last success
 * @param lastError the latest failure, without credentials or event content; {@code null} if none
 * @param lastErrorAt when it happened
 */
public record AuditHealth(
    boolean up,
    Instant lastSuccess,
    Instant lastEvent,
    long failures,
    long consecutiveFailures,
    String lastError,
    Instant lastErrorAt) {

  /** The health of a store that has done nothing yet: not known to work, so not up. */
  public static AuditHealth unknown(String reason) {
    return new AuditHealth(false, null, null, 0, 0, reason, null);
  }
}
