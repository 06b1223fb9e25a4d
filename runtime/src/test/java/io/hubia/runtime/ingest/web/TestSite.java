package io.hubia.runtime.ingest.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A web site on 127.0.0.1 (a free port) for the connector's tests: routes by path (with the query
 * when one is given), every request recorded, 404 for the rest.
 */
final class TestSite implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  /** One request received. */
  record Request(String target, String userAgent, boolean authorization) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  TestSite() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of a path on this site, such as {@code http://127.0.0.1:41234/adhesion}. */
  String url(String path) {
    return origin() + path;
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  TestSite route(String target, Route route) {
    routes.put(target, route);
    return this;
  }

  TestSite html(String target, String html) {
    return send(target, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  TestSite send(String target, int status, String contentType, byte[] body) {
    return route(target, exchange -> respond(exchange, status, contentType, body));
  }

  TestSite status(String target, int status) {
    return route(target, exchange -> respond(exchange, status, "text/html", new byte[0]));
  }

  TestSite redirect(String target, int status, String location) {
    return route(
        target,
        exchange -> {
          exchange.getResponseHeaders().add("Location", location);
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
  }

  /** Every request target received ({@code /path?query}), in order. */
  List<String> targets() {
    return requests.stream().map(Request::target).toList();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests asked for {@code target}. */
  long count(String target) {
    return requests.stream().filter(r -> r.target().equals(target)).count();
  }

  static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().add("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String target = query == null ? path : path + "?" + query;
    requests.add(
        new Request(
            target,
            exchange.getRequestHeaders().getFirst("User-Agent"),
            exchange.getRequestHeaders().containsKey("Authorization")));
    Route route = routes.get(target);
    if (route == null) {
      route = routes.get(path);
    }
    if (route == null) {
      respond(
          exchange, 404, "text/html", "<h1>Page introuvable</h1>".getBytes(StandardCharsets.UTF_8));
      return;
    }
    route.handle(exchange);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
