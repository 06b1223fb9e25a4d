package io.hubia.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Serves the operator's probes and metrics: /healthz (the process answers), /readyz (every informer
 * is running and caches are synced) and /metrics (Prometheus text format).
 */
final class OperatorHttpServer implements AutoCloseable {
  private final HttpServer server;

  private OperatorHttpServer(HttpServer server) {
    this.server = server;
  }

  static OperatorHttpServer start(int port, PrometheusMeterRegistry metrics, Operator operator)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> reply(exchange, 200, "text/plain", "ok"));
    server.createContext(
        "/readyz",
        exchange -> {
          boolean ready =
              operator.getRuntimeInfo().isStarted()
                  && operator.getRuntimeInfo().allEventSourcesAreHealthy();
          reply(exchange, ready ? 200 : 503, "text/plain", ready ? "ready" : "not ready");
        });
    server.createContext(
        "/metrics",
        exchange ->
            reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.start();
    return new OperatorHttpServer(server);
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
