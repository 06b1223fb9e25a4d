package io.hubia.opensearch.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.cluster.health.ClusterHealthStatus;
import org.opensearch.http.HttpServerTransport;

/**
 * Starts one OpenSearch node with the k-NN plugin, prints {@value #READY_PREFIX} and its URL once
 * the cluster is yellow, and stops when the parent process goes away.
 *
 * <p>Arguments: {@code <base folder> <parent pid> <parent start time in epoch ms, or -1>}. The node
 * keeps its configuration, data and logs under the base folder. It is meant to be started by {@code
 * io.hubia.search.EmbeddedOpenSearch} with its standard input on a pipe from the parent: the node
 * exits when that pipe reaches end-of-file or when the parent process is gone.
 */
public final class OpenSearchNodeLauncher {

  /** Start of the single line printed on standard output once the node is ready. */
  public static final String READY_PREFIX = "HUBIA_OPENSEARCH_READY ";

  static final String KNN_PLUGIN = "org.opensearch.knn.plugin.KNNPlugin";
  static final String NODE_NAME = "hubia-embedded";

  private OpenSearchNodeLauncher() {}

  public static void main(String[] args) {
    // The runner and OpenSearch print progress on System.out; only the ready line may go there.
    PrintStream ready = System.out;
    System.setOut(System.err);
    if (args.length != 3) {
      System.err.println(
          "usage: OpenSearchNodeLauncher <base folder> <parent pid> <parent start epoch ms or -1>");
      System.exit(2);
    }
    Path base = Path.of(args[0]).toAbsolutePath();
    long parentPid = Long.parseLong(args[1]);
    long parentStart = Long.parseLong(args[2]);

    OpenSearchRunner runner = new OpenSearchRunner();
    Thread closer = new Thread(() -> closeQuietly(runner), "opensearch-node-shutdown");
    Runtime.getRuntime().addShutdownHook(closer);
    ParentWatchdog.start(System.in, parentPid, parentStart, () -> System.exit(0));
    try {
      String url = start(runner, base);
      ready.println(READY_PREFIX + url);
      ready.flush();
    } catch (RuntimeException | IOException e) {
      System.err.println("OpenSearch node failed to start: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
    }
    // Every OpenSearch thread is a daemon: this one keeps the JVM up until a watchdog, a signal or
    // the parent's destroy() ends it.
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the node, waits for yellow and returns its HTTP URL. */
  static String start(OpenSearchRunner runner, Path base) throws IOException {
    writeQuietLogging(base.resolve("node_1").resolve("config"));
    // Port 0: the kernel picks a free port at bind time, so two nodes starting at once never race
    // for one (the runner's own choice probes a port, then binds it later). A negative maximum
    // turns that probe off; the port actually bound is read back below.
    runner.setMaxHttpPort(-1);
    runner.onBuild(
        (index, settings) ->
            settings
                .put("node.name", NODE_NAME)
                .put("cluster.name", "hubia-embedded-" + UUID.randomUUID())
                .put("network.host", "127.0.0.1")
                .put("http.port", "0")
                .put("transport.port", "0")
                // Bootstraps this node alone at once instead of scanning local transport ports
                // and auto-bootstrapping after a delay; the random cluster name keeps any other
                // node on the machine out.
                .putList("discovery.seed_hosts")
                .putList("cluster.initial_cluster_manager_nodes", NODE_NAME)
                // A full CI disk must not turn indexes read-only in the middle of a test.
                .put("cluster.routing.allocation.disk.threshold_enabled", false));
    runner.build(
        OpenSearchRunner.newConfigs()
            .basePath(base.toString())
            .numOfNode(1)
            .useLogger()
            .pluginTypes(KNN_PLUGIN));
    ClusterHealthStatus health = runner.ensureYellow();
    if (health == ClusterHealthStatus.RED) {
      throw new IllegalStateException("cluster health is red after start");
    }
    InetSocketAddress address =
        runner
            .node()
            .injector()
            .getInstance(HttpServerTransport.class)
            .boundAddress()
            .publishAddress()
            .address();
    return "http://127.0.0.1:" + address.getPort();
  }

  /** Warnings and errors only, on standard error; no log files. */
  private static void writeQuietLogging(Path config) throws IOException {
    Files.createDirectories(config);
    try (InputStream in =
        OpenSearchNodeLauncher.class.getResourceAsStream("/hubia-opensearch-log4j2.properties")) {
      if (in == null) {
        throw new IOException("hubia-opensearch-log4j2.properties missing from the launcher jar");
      }
      Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void closeQuietly(OpenSearchRunner runner) {
    try {
      runner.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("OpenSearch node did not close cleanly: " + e);
    }
  }
}
