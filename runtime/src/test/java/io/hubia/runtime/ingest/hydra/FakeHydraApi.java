package io.hubia.runtime.ingest.hydra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An API Platform stand-in on 127.0.0.1: serves the routes it is given (path and query), answers
 * 401 when a request lacks the expected Authorization header, 404 for unknown routes, and records
 * every request it receives.
 */
final class FakeHydraApi implements AutoCloseable {
  static final String JSON_LD = "application/ld+json; charset=utf-8";

  /** A request received: its path and query, and its Accept and Authorization headers. */
  record Request(String target, String accept, String authorization) {}

  /** What a route answers; {@code stall} delays the headers, {@code stallBody} the body's end. */
  record Route(
      int status,
      String contentType,
      String body,
      Map<String, String> headers,
      Duration stall,
      Duration stallBody) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile String expectedAuthorization;

  FakeHydraApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Requests without this exact Authorization header get a 401; {@code null} checks nothing. */
  FakeHydraApi requireAuthorization(String value) {
    this.expectedAuthorization = value;
    return this;
  }

  /** Serves {@code body} as JSON-LD with 200 at {@code target} (path and query). */
  FakeHydraApi page(String target, String body) {
    return route(target, new Route(200, JSON_LD, body, Map.of(), null, null));
  }

  FakeHydraApi route(String target, Route route) {
    routes.put(target, route);
    return this;
  }

  /** The absolute URL of {@code target} on this server. */
  URI url(String target) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + target);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<String> targets() {
    return requests.stream().map(Request::target).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      requests.add(
          new Request(target, exchange.getRequestHeaders().getFirst("Accept"), authorization));
      String expected = expectedAuthorization;
      if (expected != null && !expected.equals(authorization)) {
        send(
            exchange,
            new Route(
                401,
                "application/problem+json",
                "{\"@type\":\"hydra:Error\",\"title\":\"Unauthorized\",\"detail\":\"JWT Token not"
                    + " found\"}",
                Map.of("WWW-Authenticate", "Bearer"),
                null,
                null));
        return;
      }
      Route route = routes.get(target);
      if (route == null) {
        route =
            new Route(
                404, "application/problem+json", "{\"title\":\"Not Found\"}", Map.of(), null, null);
      }
      send(exchange, route);
    }
  }

  private static void send(HttpExchange exchange, Route route) throws IOException {
    sleep(route.stall());
    byte[] body = route.body().getBytes(StandardCharsets.UTF_8);
    if (route.contentType() != null) {
      exchange.getResponseHeaders().set("Content-Type", route.contentType());
    }
    route.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    if (route.stallBody() != null) {
      exchange.sendResponseHeaders(route.status(), 0); // chunked: the end is not announced
      OutputStream out = exchange.getResponseBody();
      out.write(body, 0, body.length / 2);
      out.flush();
      sleep(route.stallBody());
      out.write(body, body.length / 2, body.length - body.length / 2);
    } else {
      exchange.sendResponseHeaders(route.status(), body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static void sleep(Duration duration) {
    if (duration == null) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
