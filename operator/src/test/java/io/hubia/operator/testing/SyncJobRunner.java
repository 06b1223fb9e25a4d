package io.hubia.operator.testing;

import static io.hubia.api.sync.IngestionJobContract.*;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays the Kubernetes Job controller and kubelet for sync Jobs, which the mock API server does not
 * run: for each new Job labelled {@code hubia.io/retrieval-index}, it runs the container the Job
 * describes — the runtime's packaged {@code ingest} command ({@code
 * runtime/target/quarkus-app/quarkus-run.jar}) in a child JVM, with the Job's environment (values
 * from Secrets resolved), its Files volumes (mapped to local folders) and its Secret mounts — then
 * records a Pod whose terminated container carries the termination message, and marks the Job
 * Complete or Failed, as Kubernetes would.
 *
 * <p>Jobs can be held (left running) until {@link #release()}, to observe the state during a sync.
 */
public final class SyncJobRunner implements AutoCloseable {
  private final KubernetesClient client;
  private final Path work;
  private final Map<String, Path> volumes = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final List<Job> held = new ArrayList<>();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final Watch watch;
  private volatile boolean holding;

  private SyncJobRunner(KubernetesClient client, Path work) {
    this.client = client;
    this.work = work;
    this.watch =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .withLabel(LABEL_INDEX)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED && seen.add(job.getMetadata().getUid())) {
                      executor.submit(() -> runOrHold(job));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  public static SyncJobRunner start(KubernetesClient client) throws IOException {
    return new SyncJobRunner(client, Files.createTempDirectory("hubia-sync-jobs"));
  }

  /** Serves the volume (PVC or ConfigMap) {@code name} from {@code folder}. */
  public SyncJobRunner volume(String name, Path folder) {
    volumes.put(name, folder);
    return this;
  }

  /** New Jobs wait (running) until {@link #release()}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Runs the held Jobs and stops holding. */
  public synchronized void release() {
    holding = false;
    held.forEach(job -> executor.submit(() -> run(job)));
    held.clear();
  }

  private synchronized void runOrHold(Job job) {
    if (job.getStatus() != null
        && job.getStatus().getConditions() != null
        && !job.getStatus().getConditions().isEmpty()) {
      return; // finished before this runner started
    }
    if (holding) {
      held.add(job);
    } else {
      run(job);
    }
  }

  private void run(Job job) {
    try {
      Path dir = Files.createTempDirectory(work, job.getMetadata().getName());
      var pod = job.getSpec().getTemplate().getSpec();
      var container = pod.getContainers().get(0);
      Map<String, String> env = new HashMap<>();
      for (EnvVar var : container.getEnv()) {
        String value = value(job.getMetadata().getNamespace(), var);
        if (value != null) {
          env.put(var.getName(), value);
        }
      }
      Path sources = Files.createDirectories(dir.resolve("sources"));
      Path secrets = Files.createDirectories(dir.resolve("secrets"));
      Path ca = null;
      for (VolumeMount mount : container.getVolumeMounts()) {
        Volume volume =
            pod.getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
        if (mount.getMountPath().startsWith(SOURCES_ROOT + "/")) {
          String claim =
              volume.getConfigMap() != null
                  ? volume.getConfigMap().getName()
                  : volume.getPersistentVolumeClaim().getClaimName();
          Path folder = volumes.get(claim);
          if (folder != null) {
            Files.createSymbolicLink(
                sources.resolve(mount.getMountPath().substring(SOURCES_ROOT.length() + 1)),
                folder.toAbsolutePath());
          }
        } else if (mount.getMountPath().startsWith(SECRETS_ROOT + "/")) {
          Path target =
              Files.createDirectories(
                  secrets.resolve(mount.getMountPath().substring(SECRETS_ROOT.length() + 1)));
          writeSecretItems(job.getMetadata().getNamespace(), volume, target);
        } else if (volume.getSecret() != null && mount.getMountPath().contains("opensearch")) {
          ca = Files.createDirectories(dir.resolve("opensearch"));
          writeSecretItems(job.getMetadata().getNamespace(), volume, ca);
        }
      }
      env.put(ENV_SOURCES_ROOT, sources.toString());
      env.put(ENV_SECRETS_ROOT, secrets.toString());
      Path termination = dir.resolve("termination-log");
      env.put(ENV_TERMINATION_LOG, termination.toString());
      env.put(ENV_OPENSEARCH_REPLICAS, "0");
      if (env.containsKey(ENV_OPENSEARCH_CA_FILE)) {
        // as in a pod: the file is named even when the optional Secret item is absent
        Path caFile = (ca == null ? dir.resolve("opensearch") : ca).resolve(OPENSEARCH_CA_KEY);
        env.put(ENV_OPENSEARCH_CA_FILE, caFile.toString());
      }
      env.put("ENGINE_CACHE_DIR", work.resolve("djl").toString());
      env.remove("HOME");
      env.put("JAVA_TOOL_OPTIONS", "-Dpdfbox.fontcache=" + work);
      int exit = exec(env, dir.resolve("output.log"));
      String message =
          Files.exists(termination) ? Files.readString(termination, StandardCharsets.UTF_8) : "";
      finish(job, exit, message);
    } catch (IOException | RuntimeException e) {
      finish(job, 1, "test runner failure: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int exec(Map<String, String> env, Path output)
      throws IOException, InterruptedException {
    String app = System.getProperty("hubia.runtime.app");
    if (app == null || !Files.exists(Path.of(app))) {
      throw new IllegalStateException(
          "the runtime app is not packaged at " + app + ": run ./mvnw -pl runtime package first");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                app,
                COMMAND)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return 137;
    }
    return process.exitValue();
  }

  private void writeSecretItems(String namespace, Volume volume, Path target) throws IOException {
    Secret secret =
        client.secrets().inNamespace(namespace).withName(volume.getSecret().getSecretName()).get();
    if (secret == null) {
      return;
    }
    for (var item : volume.getSecret().getItems()) {
      String value = secretValue(secret, item.getKey());
      if (value != null) {
        Files.writeString(target.resolve(item.getPath()), value, StandardCharsets.UTF_8);
      }
    }
  }

  private String value(String namespace, EnvVar var) {
    if (var.getValueFrom() == null) {
      return var.getValue();
    }
    var ref = var.getValueFrom().getSecretKeyRef();
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    return secret == null ? null : secretValue(secret, ref.getKey());
  }

  private static String secretValue(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }

  private void finish(Job job, int exit, String message) {
    JobEndings.end(client, job, exit, message, "PodFailurePolicy");
  }

  /** Waits until no Job is running or queued (held ones excepted). */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var future = executor.submit(() -> {});
      try {
        future.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        break;
      }
    }
    throw new IllegalStateException("sync Jobs still running after " + timeout);
  }

  @Override
  public void close() {
    watch.close();
    executor.shutdownNow();
  }
}
