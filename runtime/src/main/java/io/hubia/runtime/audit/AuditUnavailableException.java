package io.hubia.runtime.audit;

/**
 * The audit event could not be written: PostgreSQL is unreachable, refused the write, or no audit
 * store is configured. Unchecked on purpose: a request that does not handle it fails closed with a
 * 503 problem ({@code audit-unavailable}). The message never holds credentials or event content.
 */
public class AuditUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuditUnavailableException(String message) {
    super(message);
  }

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
