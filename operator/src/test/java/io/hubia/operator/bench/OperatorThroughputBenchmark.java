package io.hubia.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Throughput of the operator on the mock API server: how fast N AgentWorkflows become Ready, how
 * many reconciliations that takes and how much heap the operator holds, against the raw create
 * throughput of the same mock server with no operator. Not a test: it runs only with
 *
 * <pre>./mvnw -B -Pbench verify -pl operator -am</pre>
 *
 * <p>and writes {@code operator/target/bench/operator-throughput.json} (plus a text table next to
 * it). For each N (default 100, 500, 1000; {@code -Dbench.sizes=...}):
 *
 * <ul>
 *   <li>a fresh mock API server (CRUD mode) with the Hubia CRDs, the Deployment controller
 *       simulator and the operator started by {@link io.hubia.operator.HubiaOperator#start} with
 *       the production wiring ({@link OperatorTestCluster});
 *   <li>a fresh namespace with one PolicySet, one RetrievalIndex reported synced and one Secret,
 *       all three Ready before the clock starts;
 *   <li>N AgentWorkflows created by {@value #DEFAULT_CLIENT_THREADS} client threads as fast as the
 *       server accepts them ({@code -Dbench.clientThreads}); a watch of the benchmark's own client
 *       records the first time each workflow is seen with Ready=True. Latency is measured from the
 *       moment its create request was sent to that observation;
 *   <li>reconciliations counted from the operator's Micrometer registry (JOSDK's {@code
 *       operator.sdk.reconciliations.started} counters, summed per kind);
 *   <li>heap used after a full GC (the whole JVM: the mock server runs in it too) before the
 *       workflows are created and once all are Ready; then after the operator is stopped and after
 *       the mock server is destroyed, whose difference is the mock server's store, so that the
 *       operator's share of the growth can be estimated;
 *   <li>then, on a second fresh mock server with no operator, the same N AgentWorkflows created the
 *       same way: the raw API throughput, and the ratio of workflows Ready per second to it.
 * </ul>
 *
 * <p>Everything runs in one JVM (the failsafe fork), so the heap figures are of the whole JVM and
 * the operator shares the two cores with the mock server, the simulator and the client threads.
 *
 * <p>A fresh server per N, rather than one server with a namespace per N, because the mock server's
 * store answers every request by scanning all the objects it holds: a later N would pay for the
 * objects of the earlier ones. A small unreported warm-up round runs first, so that N=100 does not
 * measure the JIT. Each N is bounded by {@code bench.timeoutMinutes} (default 10) from the first
 * create; a timed-out N is reported with what did finish, larger ones are skipped, and the run
 * fails at the end with the reason.
 */
class OperatorThroughputBenchmark {
  static final int DEFAULT_CLIENT_THREADS = 4;
  private static final String SIZES = System.getProperty("bench.sizes", "100,500,1000");
  private static final int CLIENT_THREADS =
      Integer.getInteger("bench.clientThreads", DEFAULT_CLIENT_THREADS);
  private static final Duration LIMIT_PER_SIZE =
      Duration.ofMinutes(Long.getLong("bench.timeoutMinutes", 10));
  private static final int WARM_UP = Integer.getInteger("bench.warmUp", 30);
  private static final Path OUTPUT =
      Path.of(System.getProperty("bench.outputDir", "target/bench"))
          .resolve("operator-throughput.json");
  private static final String RECONCILES_STARTED = "operator.sdk.reconciliations.started";
  private static final String RECONCILES_FAILED = "operator.sdk.reconciliations.failed";
  private static final String RECONCILE_TIMER = "operator.sdk.controllers.execution.reconcile";
  private static final double MIB = 1024.0 * 1024.0;

  private boolean meterNamesPrinted;

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void operatorThroughput() throws Exception {
    MockApiServer.quietLogging();
    List<Integer> sizes =
        Arrays.stream(SIZES.split(",")).map(s -> Integer.valueOf(s.trim())).toList();
    log(
        "sizes %s, %d client threads, %s per size, warm-up %d",
        sizes, CLIENT_THREADS, LIMIT_PER_SIZE, WARM_UP);
    if (WARM_UP > 0) {
      Map<String, Object> warmUp = measure(WARM_UP, Duration.ofMinutes(2));
      assertThat(warmUp.get("completed"))
          .as(
              "warm-up: %s of %d AgentWorkflows Ready=True within 2 minutes; the operator does not"
                  + " make workflows Ready on the mock server, nothing to measure",
              warmUp.get("readyCount"), WARM_UP)
          .isEqualTo(true);
      log("warm-up done (%s s to all Ready, not reported)", warmUp.get("timeToAllReadySeconds"));
    }

    List<Map<String, Object>> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (int n : sizes) {
      if (!failures.isEmpty()) {
        Map<String, Object> skipped = new LinkedHashMap<>();
        skipped.put("n", n);
        skipped.put("completed", false);
        skipped.put("skipped", "a smaller N did not finish within " + LIMIT_PER_SIZE);
        results.add(skipped);
        continue;
      }
      Map<String, Object> result = measure(n, LIMIT_PER_SIZE);
      results.add(result);
      if (!Boolean.TRUE.equals(result.get("completed"))) {
        failures.add(
            "N=%d: only %s of %d AgentWorkflows Ready=True within %s"
                .formatted(n, result.get("readyCount"), n, LIMIT_PER_SIZE));
      }
      write(results);
    }
    write(results);
    String table = table(results);
    System.out.println(table);
    Files.writeString(OUTPUT.resolveSibling("operator-throughput.txt"), table);
    log("results written to %s", OUTPUT.toAbsolutePath());
    assertThat(failures).as("sizes that did not finish in time").isEmpty();
  }

  /** One measurement: operator run on a fresh server, then raw creates on another fresh one. */
  private Map<String, Object> measure(int n, Duration limit) throws Exception {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("n", n);
    String ns = "bench-" + n + "-" + OperatorTestCluster.namespace().substring(2);

    OperatorRun run = runOnFreshServer(ns, n, limit);
    // Measured here, not in runOnFreshServer: a local variable slot of a method still running
    // would keep the destroyed server, and its store, reachable.
    long heapServerDestroyed = heapAfterGc();
    long heapOperatorStopped = run.heapOperatorStopped;
    result.put("completed", run.completed);
    ReadyWatch watch = run.watch;
    Creates creates = run.creates;
    long heapBefore = run.heapBefore;
    long heapAllReady = run.heapAllReady;
    Map<String, Long> reconcilesBefore = run.reconcilesBefore;
    Map<String, Long> reconcilesAfter = run.reconcilesAfter;
    long failedBefore = run.failedBefore;
    long failedAfter = run.failedAfter;

    int ready = watch.readyCount();
    result.put("readyCount", ready);
    long lastReady = watch.lastReadyNanos();
    double allReadySeconds = ready == 0 ? Double.NaN : seconds(lastReady - creates.start);
    // When the time limit was hit, the rates below are those of the workflows that made it.
    result.put("timeToAllReadySeconds", run.completed ? round(allReadySeconds, 3) : null);
    result.put("timeToLastReadySeconds", round(allReadySeconds, 3));
    double readyPerSecond = ready / allReadySeconds;
    result.put("workflowsReadyPerSecond", round(readyPerSecond, 1));
    result.put("createPhaseSeconds", round(seconds(creates.end - creates.start), 3));
    result.put("createsPerSecondWithOperator", round(n / seconds(creates.end - creates.start), 1));

    long[] latencies = watch.latenciesNanos(creates.sentAt);
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("p50", round(percentile(latencies, 50) / 1e6, 1));
    latency.put("p95", round(percentile(latencies, 95) / 1e6, 1));
    latency.put("max", round(percentile(latencies, 100) / 1e6, 1));
    result.put("createToReadyLatencyMs", latency);

    Map<String, Long> reconciles = new TreeMap<>();
    reconcilesAfter.forEach(
        (kind, count) -> reconciles.put(kind, count - reconcilesBefore.getOrDefault(kind, 0L)));
    long totalReconciles = sum(reconciles);
    long workflowReconciles = reconciles.getOrDefault("AgentWorkflow", 0L);
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("meter", RECONCILES_STARTED);
    rec.put("byKind", reconciles);
    rec.put("total", totalReconciles);
    rec.put("failed", failedAfter - failedBefore);
    rec.put("agentWorkflowReconcilesPerWorkflow", round((double) workflowReconciles / n, 2));
    rec.put("perSecond", round(totalReconciles / allReadySeconds, 1));
    rec.put("agentWorkflowReconcileMeanMs", run.agentWorkflowReconcileMeanMs);
    rec.put("agentWorkflowPerSecond", round(workflowReconciles / allReadySeconds, 1));
    result.put("reconciles", rec);

    Map<String, Object> heap = new LinkedHashMap<>();
    heap.put("beforeMiB", round(heapBefore / MIB, 1));
    heap.put("allReadyMiB", round(heapAllReady / MIB, 1));
    heap.put("growthMiB", round((heapAllReady - heapBefore) / MIB, 1));
    heap.put("afterOperatorStoppedMiB", round(heapOperatorStopped / MIB, 1));
    heap.put("afterMockServerDestroyedMiB", round(heapServerDestroyed / MIB, 1));
    long store = heapOperatorStopped - heapServerDestroyed;
    heap.put("mockServerStoreMiB", round(store / MIB, 1));
    heap.put("operatorShareOfGrowthMiB", round((heapAllReady - heapBefore - store) / MIB, 1));
    heap.put(
        "note",
        "heap used after System.gc() in the one JVM that runs the operator, the Deployment"
            + " simulator, the benchmark's clients and the mock API server. mockServerStore ="
            + " afterOperatorStopped - afterMockServerDestroyed (the N workflows, their owned"
            + " objects and Events as the mock server stores them, plus the server itself);"
            + " operatorShareOfGrowth = growth - mockServerStore (operator caches, per-resource"
            + " meters, and the simulator's Deployment cache)");
    result.put("heap", heap);

    Creates raw = rawCreates(n);
    double rawSeconds = seconds(raw.end - raw.start);
    double rawPerSecond = n / rawSeconds;
    Map<String, Object> rawResult = new LinkedHashMap<>();
    rawResult.put(
        "what", "same AgentWorkflows, same client threads, fresh mock server, no operator");
    rawResult.put("seconds", round(rawSeconds, 3));
    rawResult.put("createsPerSecond", round(rawPerSecond, 1));
    result.put("rawApi", rawResult);
    result.put("operatorToRawThroughputRatio", round(readyPerSecond / rawPerSecond, 4));
    log(
        "N=%d: %d Ready in %.2f s (%.1f/s), p50 %s ms, p95 %s ms, %d reconciles, raw %.1f"
            + " creates/s",
        n,
        ready,
        allReadySeconds,
        readyPerSecond,
        latency.get("p50"),
        latency.get("p95"),
        totalReconciles,
        rawPerSecond);
    return result;
  }

  /** What one operator run measured; the watch keeps only timestamps once closed. */
  private record OperatorRun(
      boolean completed,
      ReadyWatch watch,
      Creates creates,
      long heapBefore,
      long heapAllReady,
      Map<String, Long> reconcilesBefore,
      Map<String, Long> reconcilesAfter,
      long failedBefore,
      long failedAfter,
      Double agentWorkflowReconcileMeanMs,
      long heapOperatorStopped) {

    OperatorRun withHeapOperatorStopped(long heap) {
      return new OperatorRun(
          completed,
          watch,
          creates,
          heapBefore,
          heapAllReady,
          reconcilesBefore,
          reconcilesAfter,
          failedBefore,
          failedAfter,
          agentWorkflowReconcileMeanMs,
          heap);
    }
  }

  /**
   * Starts the operator on the server, creates the fixtures and the N workflows, waits for them to
   * be Ready and stops everything but the server. A method of its own so that nothing it used is
   * still reachable when the caller measures the heap afterwards.
   */
  private OperatorRun runOperator(MockApiServer server, String ns, int n, Duration limit)
      throws Exception {
    OperatorTestCluster cluster = new OperatorTestCluster(server.client());
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(server.client().getConfiguration()).build();
    try {
      cluster.startOperator();
      cluster.create(TestResources.policy(ns));
      RetrievalIndex index = cluster.create(TestResources.index(ns));
      TestResources.reportSynced(cluster.client(), index);
      cluster.create(TestResources.modelSecret(ns));
      cluster.awaitReady(PolicySet.class, ns, "politique-federation", "True", "Ready");
      cluster.awaitReady(RetrievalIndex.class, ns, "fiches-pratiques", "True", "Ready");

      MeterRegistry metrics = cluster.operator().metrics();
      printMeterNamesOnce(metrics);
      ReadyWatch watch = ReadyWatch.start(client, ns, n);
      long heapBefore = heapAfterGc();
      Map<String, Long> reconcilesBefore = countByKind(metrics, RECONCILES_STARTED);
      long failedBefore = sum(countByKind(metrics, RECONCILES_FAILED));

      Creates creates = Creates.run(client, ns, n);
      boolean completed = watch.await(creates.start, limit);
      Map<String, Long> reconcilesAfter = countByKind(metrics, RECONCILES_STARTED);
      long failedAfter = sum(countByKind(metrics, RECONCILES_FAILED));
      Double reconcileMeanMs = meanReconcileMillis(metrics, "agentworkflow");
      watch.close();
      long heapAllReady = heapAfterGc();
      return new OperatorRun(
          completed,
          watch,
          creates,
          heapBefore,
          heapAllReady,
          reconcilesBefore,
          reconcilesAfter,
          failedBefore,
          failedAfter,
          reconcileMeanMs,
          0);
    } finally {
      // Let the stopped informers finish closing their watches before the clients go: closing a
      // JDK HTTP client right after leaves the WebSockets, and the informer caches behind them,
      // reachable for the rest of the JVM's life, which would skew the next heap figures.
      cluster.stopOperator();
      Thread.sleep(2000);
      client.close();
      cluster.close();
    }
  }

  /** Runs the operator on a fresh mock server, which is destroyed on return. */
  private OperatorRun runOnFreshServer(String ns, int n, Duration limit) throws Exception {
    try (MockApiServer server = MockApiServer.start()) {
      OperatorRun run = runOperator(server, ns, n, limit);
      // The operator is stopped; the mock server, still running, keeps its store.
      return run.withHeapOperatorStopped(heapAfterGc());
    }
  }

  private static Creates rawCreates(int n) throws Exception {
    try (MockApiServer server = MockApiServer.start()) {
      TestResources.registerHubiaCrds(server.client());
      try (KubernetesClient client =
          new KubernetesClientBuilder().withConfig(server.client().getConfiguration()).build()) {
        return Creates.run(client, "raw-" + n, n);
      }
    }
  }

  /** Creates N workflows from a few threads, recording when each create request was sent. */
  private record Creates(long start, long end, AtomicLongArray sentAt) {
    static Creates run(KubernetesClient client, String ns, int n) throws Exception {
      AgentWorkflow template = TestResources.workflow(ns);
      AtomicLongArray sentAt = new AtomicLongArray(n);
      AtomicInteger next = new AtomicInteger();
      ExecutorService threads = Executors.newFixedThreadPool(CLIENT_THREADS);
      try {
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < CLIENT_THREADS; t++) {
          done.add(
              threads.submit(
                  () -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                      AgentWorkflow workflow = client.getKubernetesSerialization().clone(template);
                      workflow.getMetadata().setName(name(i));
                      sentAt.set(i, System.nanoTime());
                      client.resource(workflow).create();
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(10, TimeUnit.MINUTES);
        }
        return new Creates(start, System.nanoTime(), sentAt);
      } finally {
        threads.shutdownNow();
      }
    }
  }

  private static String name(int i) {
    return "agent-%05d".formatted(i);
  }

  /**
   * Records the first time each workflow is seen Ready=True, through a watch (no cache: the
   * benchmark should not hold a copy of every workflow on the heap it measures).
   */
  private static final class ReadyWatch implements AutoCloseable {
    private final AtomicLongArray readyAt;
    private final AtomicInteger ready = new AtomicInteger();
    private final CountDownLatch allReady;
    private volatile Watch watch;
    private volatile WatcherException closedWith;

    private ReadyWatch(int n) {
      readyAt = new AtomicLongArray(n);
      allReady = new CountDownLatch(n);
    }

    static ReadyWatch start(KubernetesClient client, String ns, int n) {
      ReadyWatch ready = new ReadyWatch(n);
      ready.watch =
          client
              .resources(AgentWorkflow.class)
              .inNamespace(ns)
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, AgentWorkflow workflow) {
                      if (action == Action.ADDED || action == Action.MODIFIED) {
                        ready.observe(workflow);
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                      ready.closedWith = cause;
                      log("watch of %s closed: %s", ns, cause);
                    }
                  });
      return ready;
    }

    private void observe(AgentWorkflow workflow) {
      long now = System.nanoTime();
      if (workflow.getStatus() == null
          || Conditions.find(workflow.getStatus().getConditions(), ConditionType.Ready)
              .filter(c -> "True".equals(c.getStatus()))
              .isEmpty()) {
        return;
      }
      int i = Integer.parseInt(workflow.getMetadata().getName().substring("agent-".length()));
      if (readyAt.compareAndSet(i, 0, now)) {
        ready.incrementAndGet();
        allReady.countDown();
      }
    }

    boolean await(long startNanos, Duration limit) throws InterruptedException {
      long deadline = startNanos + limit.toNanos();
      while (closedWith == null) {
        long left = Math.min(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
        if (allReady.await(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
          return true;
        }
        if (System.nanoTime() >= deadline) {
          return false;
        }
      }
      throw new IllegalStateException("the watch of AgentWorkflows failed", closedWith);
    }

    int readyCount() {
      return ready.get();
    }

    long lastReadyNanos() {
      long last = 0;
      for (int i = 0; i < readyAt.length(); i++) {
        last = Math.max(last, readyAt.get(i));
      }
      return last;
    }

    long[] latenciesNanos(AtomicLongArray sentAt) {
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < readyAt.length(); i++) {
        if (readyAt.get(i) != 0) {
          latencies.add(readyAt.get(i) - sentAt.get(i));
        }
      }
      return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Override
    public void close() {
      Watch open = watch;
      watch = null;
      if (open != null) {
        open.close();
      }
    }
  }

  /** Sums counters of one name per value of their "kind" tag. */
  private static Map<String, Long> countByKind(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream()
        .collect(
            Collectors.groupingBy(
                c -> String.valueOf(c.getId().getTag("kind")),
                TreeMap::new,
                Collectors.summingLong(c -> (long) c.count())));
  }

  /** Mean duration of one reconcile() of a controller since the operator started. */
  private static Double meanReconcileMillis(MeterRegistry registry, String controller) {
    var timers = registry.find(RECONCILE_TIMER).tag("controller", controller).timers();
    long count = timers.stream().mapToLong(t -> t.count()).sum();
    double totalMs = timers.stream().mapToDouble(t -> t.totalTime(TimeUnit.MILLISECONDS)).sum();
    return count == 0 ? null : round(totalMs / count, 2);
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Prints each meter name of the operator's registry with its tag keys, once per run. */
  private void printMeterNamesOnce(MeterRegistry registry) {
    if (meterNamesPrinted) {
      return;
    }
    meterNamesPrinted = true;
    Map<String, TreeSet<String>> names = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      names
          .computeIfAbsent(meter.getId().getName(), k -> new TreeSet<>())
          .addAll(meter.getId().getTags().stream().map(t -> t.getKey()).toList());
    }
    StringBuilder out = new StringBuilder("meters of HubiaOperator.metrics():\n");
    names.forEach(
        (name, tags) -> out.append("  ").append(name).append(' ').append(tags).append('\n'));
    Counter started = registry.find(RECONCILES_STARTED).counter();
    out.append("  e.g. ").append(started == null ? "(no reconciliation yet)" : started.getId());
    log("%s", out);
  }

  /**
   * Heap used after a full GC, once it has settled: closed clients, informers and the mock server's
   * Vert.x release their memory asynchronously (the JDK HTTP client's selector wakes up every 3 s),
   * so GC is repeated every second until the figure has not dropped by more than 1 MiB for 4 s in a
   * row (at most 30 s).
   */
  private static long heapAfterGc() throws InterruptedException {
    long lowest = Long.MAX_VALUE;
    int stable = 0;
    for (int second = 0; second < 30 && stable < 4; second++) {
      System.gc();
      long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      stable = used < lowest - (1 << 20) ? 0 : stable + 1;
      lowest = Math.min(lowest, used);
      Thread.sleep(1000);
    }
    return lowest;
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** Rounded for reading; null (JSON null) when there is no value. */
  private static Double round(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static void write(List<Map<String, Object>> results) throws Exception {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("benchmark", OperatorThroughputBenchmark.class.getName());
    document.put("finishedAt", Instant.now().toString());
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("maxHeapMiB", round(Runtime.getRuntime().maxMemory() / MIB, 0));
    machine.put(
        "jvm",
        System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"));
    machine.put("gc", gcNames());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    document.put("machine", machine);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("sizes", SIZES);
    settings.put("clientThreads", CLIENT_THREADS);
    settings.put(
        "operatorReconcileThreads",
        io.hubia.operator.OperatorSettings.forTests().reconcileThreads());
    settings.put("limitPerSizeSeconds", LIMIT_PER_SIZE.toSeconds());
    settings.put("warmUpWorkflows", WARM_UP);
    settings.put(
        "latency",
        "create request sent -> first watch event showing Ready=True (benchmark's own client)");
    settings.put(
        "ratio", "workflowsReadyPerSecond / rawApi.createsPerSecond (same N, same threads)");
    document.put("settings", settings);
    document.put("results", results);
    Files.createDirectories(OUTPUT.getParent());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(OUTPUT.toFile(), document);
  }

  private static String gcNames() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(b -> b.getName())
        .collect(Collectors.joining(", "));
  }

  @SuppressWarnings("unchecked")
  private static String table(List<Map<String, Object>> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "%n=== Operator throughput on the mock API server (%d cores, max heap %.0f MiB, %s) ===%n"
            .formatted(
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / MIB,
                System.getProperty("java.runtime.version")));
    String format = "%6s %8s %12s %9s %9s %9s %9s %11s %8s %8s %20s %10s %9s %12s %8s%n";
    out.append(
        format.formatted(
            "N",
            "Ready",
            "all Ready s",
            "Ready/s",
            "p50 ms",
            "p95 ms",
            "max ms",
            "reconciles",
            "(AW/wf)",
            "rec/s",
            "heap MiB before>ready",
            "store MiB",
            "op share",
            "raw create/s",
            "ratio"));
    for (Map<String, Object> r : results) {
      if (r.containsKey("skipped")) {
        out.append("%6s  skipped: %s%n".formatted(r.get("n"), r.get("skipped")));
        continue;
      }
      Map<String, Object> latency = (Map<String, Object>) r.get("createToReadyLatencyMs");
      Map<String, Object> rec = (Map<String, Object>) r.get("reconciles");
      Map<String, Object> heap = (Map<String, Object>) r.get("heap");
      Map<String, Object> raw = (Map<String, Object>) r.get("rawApi");
      out.append(
          format.formatted(
              r.get("n"),
              r.get("readyCount") + (Boolean.TRUE.equals(r.get("completed")) ? "" : "!"),
              r.get("timeToLastReadySeconds"),
              r.get("workflowsReadyPerSecond"),
              latency.get("p50"),
              latency.get("p95"),
              latency.get("max"),
              rec.get("total"),
              rec.get("agentWorkflowReconcilesPerWorkflow"),
              rec.get("perSecond"),
              heap.get("beforeMiB") + " > " + heap.get("allReadyMiB"),
              heap.get("mockServerStoreMiB"),
              heap.get("operatorShareOfGrowthMiB"),
              raw.get("createsPerSecond"),
              r.get("operatorToRawThroughputRatio")));
    }
    out.append(
        String.join(
                "%n",
                "Ready: workflows seen Ready=True (! = time limit hit). Latency: create request sent ->"
                    + " Ready=True seen by a watch.",
                "reconciles: JOSDK operator.sdk.reconciliations.started, all controllers, during the"
                    + " run; AW/wf: AgentWorkflow reconciles per workflow.",
                "heap: used heap after GC of the whole JVM (operator + mock server + simulator);"
                    + " store: what the mock server held at the end; op share: growth minus store.",
                "ratio: (workflows Ready/s) / (raw AgentWorkflow creates/s on a fresh mock server with"
                    + " no operator).",
                "")
            .formatted());
    return out.toString();
  }

  private static void log(String format, Object... args) {
    System.out.printf("[bench] " + format + "%n", args);
  }
}
