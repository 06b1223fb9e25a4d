package io.hubia.runtime.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the audit database is and how long to wait for it.
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL, without credentials
 * @param username the database user, or {@code null} to let the driver decide
 * @param password the user's password, or {@code null}; never logged ({@link #toString()})
 * @param connectTimeout how long to wait for a connection (TCP connect and login, and a free pooled
 *     connection)
 * @param statementTimeout how long one statement may run, lock waits included
 * @param poolSize the most connections kept open
 */
public record AuditConnection(
    String jdbcUrl,
    String username,
    String password,
    Duration connectTimeout,
    Duration statementTimeout,
    int poolSize) {

  public AuditConnection {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "the audit store needs a jdbc:postgresql: URL, not " + redact(jdbcUrl));
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1");
    }
  }

  /** The URL without its query string, which may hold parameters such as a password. */
  public String describe() {
    return redact(jdbcUrl) + (username == null ? "" : " as " + username);
  }

  static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  @Override
  public String toString() {
    return "AuditConnection[" + describe() + "]";
  }
}
