package io.hubia.runtime.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the application with an {@link EmbeddedPostgresServer} as its audit store ({@code
 * hubia.audit.jdbc-url}, which wins over the runtime configuration's {@code audit.jdbcUrl}).
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
  private static volatile EmbeddedPostgresServer server;

  /** The running server, for tests that stop and restart it. */
  public static EmbeddedPostgresServer server() {
    return server;
  }

  @Override
  public Map<String, String> start() {
    server = EmbeddedPostgresServer.start();
    return Map.of("hubia.audit.jdbc-url", server.jdbcUrl(), "hubia.audit.username", "postgres");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
