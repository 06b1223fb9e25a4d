package io.hubia.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A single OpenSearch node with the k-NN plugin, running in a child JVM, for tests and local mode.
 *
 * <p>A child JVM keeps OpenSearch's own Netty, Jackson and log4j away from the caller's (Quarkus):
 * see docs/testing.md. The node listens on a free port of 127.0.0.1, without security, keeps its
 * data in a temporary folder deleted on {@link #close()}, and dies with this JVM: it exits when its
 * standard input (a pipe from here) closes or when this process is gone, even after {@code kill
 * -9}.
 */
public final class EmbeddedOpenSearch implements AutoCloseable {

  static final String READY_PREFIX = "HUBIA_OPENSEARCH_READY ";
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  static final String HEAP = "512m";
  private static final int STDERR_LINES_KEPT = 40;
  private static final System.Logger LOG = System.getLogger(EmbeddedOpenSearch.class.getName());

  private final Process process;
  private final URI url;
  private final Path workDir;
  private final Duration startupTime;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedOpenSearch(
      Process process, URI url, Path workDir, Duration startupTime, Thread shutdownHook) {
    this.process = process;
    this.url = url;
    this.workDir = workDir;
    this.startupTime = startupTime;
    this.shutdownHook = shutdownHook;
  }

  /**
   * Starts a node from the distribution found as {@link OpenSearchNodeDistribution#locate()}
   * describes, and waits until its cluster is yellow.
   *
   * @throws IllegalStateException when the distribution is missing, or the node exits or is not
   *     ready within {@link #START_TIMEOUT} (the message holds the last lines of its stderr)
   */
  public static EmbeddedOpenSearch start() {
    return start(OpenSearchNodeDistribution.locate());
  }

  /** Starts a node from the distribution folder {@code nodeHome}; see {@link #start()}. */
  public static EmbeddedOpenSearch start(Path nodeHome) {
    String problem = OpenSearchNodeDistribution.problem(nodeHome);
    if (problem != null) {
      throw new IllegalStateException("not an OpenSearch node distribution: " + problem);
    }
    return start(new OpenSearchNodeDistribution(nodeHome.toAbsolutePath().normalize()));
  }

  private static EmbeddedOpenSearch start(OpenSearchNodeDistribution distribution) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("hubia-opensearch-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a folder for the OpenSearch node", e);
    }
    Instant begin = Instant.now();
    Process process;
    try {
      process = new ProcessBuilder(command(distribution, workDir)).start();
    } catch (IOException e) {
      deleteQuietly(workDir);
      throw new UncheckedIOException("could not start the OpenSearch node", e);
    }
    // Nothing is ever written to the child's stdin: keeping it open is the child's lifeline.
    Deque<String> stderrTail = new ArrayDeque<>();
    CompletableFuture<URI> ready = new CompletableFuture<>();
    reader("opensearch-node-stdout", process.getInputStream(), line -> onStdout(line, ready));
    Thread stderr =
        reader(
            "opensearch-node-stderr", process.getErrorStream(), line -> onStderr(line, stderrTail));
    process
        .onExit()
        .thenRun(
            () ->
                ready.completeExceptionally(
                    new IllegalStateException(
                        "OpenSearch node exited with code " + process.exitValue())));
    Thread hook = new Thread(() -> stop(process, workDir), "opensearch-node-shutdown-hook");
    Runtime.getRuntime().addShutdownHook(hook);

    URI url;
    try {
      url = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(process, workDir, hook);
      throw new IllegalStateException("interrupted while the OpenSearch node was starting", e);
    } catch (TimeoutException | ExecutionException e) {
      abort(process, workDir, hook);
      joinQuietly(stderr);
      String why =
          e instanceof TimeoutException
              ? "was not ready within " + START_TIMEOUT.toSeconds() + " s"
              : "failed to start: " + e.getCause().getMessage();
      throw new IllegalStateException(
          "OpenSearch node (" + distribution.home() + ") " + why + lastLines(stderrTail), e);
    }
    Duration startupTime = Duration.between(begin, Instant.now());
    LOG.log(
        Level.INFO,
        "OpenSearch node ready at {0} in {1} ms (pid {2})",
        url,
        String.valueOf(startupTime.toMillis()),
        String.valueOf(process.pid()));
    return new EmbeddedOpenSearch(process, url, workDir, startupTime, hook);
  }

  static List<String> command(OpenSearchNodeDistribution distribution, Path workDir)
      throws IOException {
    Path tmp = Files.createDirectories(workDir.resolve("tmp"));
    ProcessHandle self = ProcessHandle.current();
    long selfStart = self.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    String java =
        Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java")
            .toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xms" + HEAP);
    command.add("-Xmx" + HEAP);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Dfile.encoding=UTF-8");
    command.add("-Djava.awt.headless=true");
    command.add("-cp");
    command.add(distribution.classPath());
    command.add(OpenSearchNodeDistribution.MAIN_CLASS);
    command.add(workDir.resolve("node").toString());
    command.add(String.valueOf(self.pid()));
    command.add(String.valueOf(selfStart));
    return command;
  }

  /** Base URL of the node's HTTP API, e.g. {@code http://127.0.0.1:41234}. */
  public URI url() {
    return url;
  }

  /** PID of the child JVM. */
  public long pid() {
    return process.pid();
  }

  /** Time from starting the child JVM to a yellow cluster. */
  public Duration startupTime() {
    return startupTime;
  }

  /** True until the child JVM has exited. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /**
   * Stops the node, waits for the child JVM to exit and deletes its data. Idempotent; also runs
   * from a JVM shutdown hook.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      abort(process, workDir, shutdownHook);
    }
  }

  /** Stops the node now; during JVM shutdown the hook may be stopping it too, which is harmless. */
  private static void abort(Process process, Path workDir, Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down and the hook runs as well: stopping twice is harmless.
    }
    stop(process, workDir);
  }

  /** Closes the pipe and sends SIGTERM (the node closes cleanly), then kills after a delay. */
  private static void stop(Process process, Path workDir) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The child is gone already.
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, "OpenSearch node did not stop in time: killing it");
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteQuietly(workDir);
  }

  private static void onStdout(String line, CompletableFuture<URI> ready) {
    if (line.startsWith(READY_PREFIX)) {
      try {
        ready.complete(URI.create(line.substring(READY_PREFIX.length()).trim()));
      } catch (IllegalArgumentException e) {
        ready.completeExceptionally(new IllegalStateException("unreadable ready line: " + line, e));
      }
    } else {
      LOG.log(Level.DEBUG, "[opensearch] {0}", line);
    }
  }

  private static void onStderr(String line, Deque<String> tail) {
    synchronized (tail) {
      tail.addLast(line);
      while (tail.size() > STDERR_LINES_KEPT) {
        tail.removeFirst();
      }
    }
    // The node logs warnings and errors only; the k-NN plugin's bundled SLF4J 1.7 (no binding)
    // prints three harmless lines at every start.
    LOG.log(line.contains("SLF4J:") ? Level.DEBUG : Level.WARNING, "[opensearch] {0}", line);
  }

  private static String lastLines(Deque<String> tail) {
    synchronized (tail) {
      if (tail.isEmpty()) {
        return "; its stderr was empty";
      }
      return "; last lines of its stderr:\n  " + String.join("\n  ", tail);
    }
  }

  private static Thread reader(String name, InputStream stream, Consumer<String> onLine) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  onLine.accept(line);
                }
              } catch (IOException e) {
                // The stream closes when the child exits.
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.WARNING, "could not delete " + folder + ": " + e.getMessage());
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
  }

  @Override
  public String toString() {
    return "EmbeddedOpenSearch[" + url + ", pid " + process.pid() + "]";
  }
}
