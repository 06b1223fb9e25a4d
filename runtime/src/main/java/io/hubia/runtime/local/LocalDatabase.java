package io.hubia.runtime.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The embedded PostgreSQL of local mode (a real PostgreSQL server run from the binaries shipped in
 * a jar, on a free port of 127.0.0.1, with its data in a temporary folder), holding the audit
 * trail. Stopped, and its data removed, when local mode stops.
 */
final class LocalDatabase implements AutoCloseable {
  /** System property naming the audit store's JDBC URL. */
  static final String JDBC_URL_PROPERTY = "hubia.audit.jdbc-url";

  /** System property naming the audit store's user. */
  static final String USERNAME_PROPERTY = "hubia.audit.username";

  /** System property naming the audit store's password. */
  static final String PASSWORD_PROPERTY = "hubia.audit.password";

  private final EmbeddedPostgres postgres;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static LocalDatabase start() throws IOException {
    return new LocalDatabase(EmbeddedPostgres.builder().start());
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  String username() {
    return "postgres";
  }

  String password() {
    return "postgres";
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        postgres.close();
      } catch (IOException e) {
        System.err.println("Stopping the embedded PostgreSQL failed: " + e.getMessage());
      }
    }
  }
}
