package io.hubia.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fabric8 mock API server in CRUD mode, started the way {@code @EnableKubernetesMockClient(crud =
 * true)} starts it, but under the benchmark's control so that each measurement gets a fresh one.
 */
final class MockApiServer implements AutoCloseable {
  /**
   * The mock web server logs every request at INFO through java.util.logging. Held in a static
   * field: j.u.l keeps loggers weakly, and a collected logger forgets its level.
   */
  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApiServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            true);
    server.init();
    client = server.createClient();
  }

  /** Turns the mock web server's per-request INFO logging off. */
  static void quietLogging() {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
  }

  static MockApiServer start() {
    quietLogging();
    return new MockApiServer();
  }

  /** A client of this server; its configuration is the one to build other clients from. */
  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
