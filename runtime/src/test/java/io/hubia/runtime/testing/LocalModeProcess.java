package io.hubia.runtime.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local mode as a user runs it: {@code ./hubia local <folder> --port <free port>} started as a
 * process from the repository root, its console in a log file, ready once it has printed its banner
 * and {@code /q/health/ready} answers 200. {@link #close()} stops it as Ctrl-C does and waits for
 * the processes it started (OpenSearch, PostgreSQL) to end.
 */
public final class LocalModeProcess implements AutoCloseable {
  /** The repository root: tests run in the {@code runtime} module's folder. */
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** How long a stop may take before the processes are killed. */
  private static final long STOP_SECONDS = 60;

  private static final long CHILDREN_STOP_SECONDS = 30;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OPENSEARCH_URL =
      Pattern.compile("OpenSearch \\(embedded, k-NN\\) ready at (\\S+)");

  private final Process process;
  private final String base;
  private final Path log;
  private final HttpClient http;
  private boolean stopped;

  private LocalModeProcess(Process process, String base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Starts local mode on {@code folder} (relative to the repository root, or absolute) and waits
   * until it is ready.
   *
   * @param log the file that receives its console (created or replaced)
   * @param readyTimeout how long starting, ingestion included, may take
   * @throws IllegalStateException when it exits or is not ready in time (the process is stopped)
   */
  public static LocalModeProcess start(String folder, Path log, Duration readyTimeout)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder("./hubia", "local", folder, "--port", String.valueOf(port))
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalModeProcess local = new LocalModeProcess(process, "http://localhost:" + port, log);
    try {
      local.awaitReady(readyTimeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      local.close();
      throw e;
    }
    return local;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "local mode exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      if (Files.readString(log).contains("Hubia is ready on") && ready()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "local mode not ready in " + timeout.toSeconds() + " s:\n" + Files.readString(log));
  }

  /** Whether readiness is UP: configuration loaded, audit schema ready. */
  public boolean ready() throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false; // not listening yet
    }
  }

  /** The runtime API, {@code http://localhost:<port>}. */
  public String baseUrl() {
    return base;
  }

  /** A client for the runtime API. */
  public HttpClient http() {
    return http;
  }

  /** The process of {@code ./hubia local} (a JVM: the script execs it). */
  public Process process() {
    return process;
  }

  /** The console of local mode so far. */
  public String console() throws IOException {
    return Files.readString(log);
  }

  /** The embedded OpenSearch node's URL, as local mode printed it. */
  public URI openSearchUrl() throws IOException {
    Matcher m = OPENSEARCH_URL.matcher(console());
    if (!m.find()) {
      throw new IllegalStateException("no OpenSearch URL in the local mode log " + log);
    }
    return URI.create(m.group(1));
  }

  /**
   * A development token from {@code POST /v1/dev/token}.
   *
   * @param request its JSON body, e.g. {@code {"subject":"marie","claims":{...}}}
   * @throws IllegalStateException when the issuer does not answer 200
   */
  public String token(String request) throws IOException, InterruptedException {
    HttpResponse<String> response = post("/v1/dev/token", null, request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "dev token: " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body()).path("token").asText();
  }

  /** {@code POST /v1/agents/{workflow}/ask} with {@code {"question": ...}}; no token when null. */
  public HttpResponse<String> ask(String workflow, String token, String question)
      throws IOException, InterruptedException {
    return post(
        "/v1/agents/" + workflow + "/ask",
        token,
        JSON.writeValueAsString(Map.of("question", question)));
  }

  /** A JSON POST to the runtime API (60 s timeout), with a bearer token unless it is null. */
  public HttpResponse<String> post(String path, String token, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Stops local mode as Ctrl-C does (SIGTERM) and waits for it and the processes it started. What
   * is still alive after {@value #STOP_SECONDS} s (local mode) and {@value #CHILDREN_STOP_SECONDS}
   * s (its children) is killed, so that nothing outlives the test; idempotent.
   *
   * @return the processes that had not ended by themselves (none when the stop is clean)
   */
  public List<ProcessHandle> stop() throws InterruptedException {
    if (stopped) {
      return List.of();
    }
    stopped = true;
    List<ProcessHandle> started = process.descendants().toList();
    process.destroy();
    List<ProcessHandle> left = new ArrayList<>();
    if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      left.add(process.toHandle());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILDREN_STOP_SECONDS);
    while (System.nanoTime() < deadline && started.stream().anyMatch(ProcessHandle::isAlive)) {
      Thread.sleep(200);
    }
    started.stream().filter(ProcessHandle::isAlive).forEach(left::add);
    left.forEach(ProcessHandle::destroyForcibly);
    return left;
  }

  /** {@link #stop()}, for try-with-resources. */
  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
