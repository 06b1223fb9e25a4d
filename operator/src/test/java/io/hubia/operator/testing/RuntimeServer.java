package io.hubia.operator.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent runtime as a pod runs it: the packaged application ({@code
 * runtime/target/quarkus-app/quarkus-run.jar}, system property {@code hubia.runtime.app}) in a
 * child JVM serving one rendered configuration on a free loopback port, its console in a log file.
 */
public final class RuntimeServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private RuntimeServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** A free loopback port. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Starts the runtime on {@code port} with the configuration file {@code config} and the extra
   * environment {@code env}, and waits until {@code GET path} answers 200.
   */
  public static RuntimeServer start(
      int port, Path config, Map<String, String> env, String path, Path log, Duration timeout)
      throws IOException, InterruptedException {
    String app = System.getProperty("hubia.runtime.app");
    if (app == null || !Files.exists(Path.of(app))) {
      throw new IllegalStateException(
          "the runtime app is not packaged at " + app + ": run ./mvnw -pl runtime package first");
    }
    Path cache = Path.of("target", "runtime-cache").toAbsolutePath();
    Files.createDirectories(cache);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-DENGINE_CACHE_DIR=" + cache.resolve("djl"),
                "-Dpdfbox.fontcache=" + cache,
                "-jar",
                app)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("HUBIA_") || k.startsWith("QUARKUS_"));
    builder.environment().put("HUBIA_CONFIG_PATH", config.toString());
    builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    builder.environment().putAll(env);
    RuntimeServer server = new RuntimeServer(builder.start(), port, log);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.process.isAlive()) {
        throw new IllegalStateException(
            "the runtime exited with " + server.process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(server.url().resolve(path))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return server;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    server.close();
    throw new IllegalStateException("the runtime did not answer in " + timeout + "; see " + log);
  }

  /** Where it listens. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Its console so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Stops it as Kubernetes does (SIGTERM), then kills it if it does not stop. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
