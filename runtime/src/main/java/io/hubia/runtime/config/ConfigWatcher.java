package io.hubia.runtime.config;

import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.api.ProblemTypes;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads the runtime configuration at start-up and polls it for changes: one file in a pod (the
 * operator's ConfigMap), or a folder of files in local mode, one workflow each.
 *
 * <p>Polling the content hash (rather than a {@code WatchService}) survives every way the file can
 * change: the atomic swap of a ConfigMap volume's {@code ..data} symlink, an editor writing in
 * place, a directory that does not exist yet. The kubelet itself propagates ConfigMap changes
 * within about a minute, so a poll of a few seconds adds little.
 */
@Singleton
public class ConfigWatcher {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class);

  private final Path path;
  private final MeterRegistry registry;
  private final long pollMillis;
  private final Map<Path, ConfigReloader> reloaders = new ConcurrentSkipListMap<>();
  private ScheduledExecutorService executor;

  public ConfigWatcher(ConfigSettings settings, MeterRegistry registry) {
    this.path = Path.of(settings.path());
    this.registry = registry;
    this.pollMillis = Math.max(50, settings.pollInterval().toMillis());
  }

  void onStart(@Observes StartupEvent event) {
    LOG.infof("Runtime configuration: %s, checked every %d ms", path, pollMillis);
    poll();
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hubia-config-watch");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /**
   * Checks every configuration file: the file of {@code hubia.config.path}, or each {@code *.yaml}
   * of it when it is a folder (local mode serves several workflows from one).
   */
  void poll() {
    try {
      for (Path file : files()) {
        reloaders
            .computeIfAbsent(
                file,
                f -> new ConfigReloader(f, new RuntimeConfigLoader(), registry, Clock.systemUTC()))
            .reloadIfChanged();
      }
    } catch (RuntimeException | Error e) {
      // keep polling: a failed poll must not stop later reloads
      LOG.error("Checking the runtime configuration failed", e);
    }
  }

  private List<Path> files() {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> listing = Files.list(path)) {
      return listing
          .filter(p -> p.getFileName().toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.errorf("Cannot list the configuration folder %s: %s", path, e.getMessage());
      return List.copyOf(reloaders.keySet());
    }
  }

  /** The configuration of the first (in pods, the only) file, if one was ever loaded. */
  public Optional<ConfigSnapshot> current() {
    return reloaders.values().stream().findFirst().flatMap(ConfigReloader::current);
  }

  /** The configuration serving {@code workflow}, if any. */
  public Optional<ConfigSnapshot> snapshot(String workflow) {
    return snapshots().stream().filter(s -> s.workflowName().equals(workflow)).findFirst();
  }

  /**
   * The configuration serving {@code workflow}, for one whole request whatever reloads happen
   * meanwhile.
   *
   * @throws ProblemException 503 when nothing is loaded yet, 404 when no such workflow is served
   */
  public ConfigSnapshot served(String workflow) {
    List<ConfigSnapshot> all = snapshots();
    if (all.isEmpty()) {
      throw new ProblemException(
          ProblemTypes.CONFIGURATION_UNAVAILABLE,
          "Configuration unavailable",
          503,
          "This runtime has not loaded a valid configuration yet.");
    }
    return all.stream()
        .filter(s -> s.workflowName().equals(workflow))
        .findFirst()
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemTypes.WORKFLOW_NOT_FOUND,
                    "Workflow not found",
                    404,
                    "No workflow named '" + workflow + "' is served here."));
  }

  /** Every configuration loaded, one per workflow served. */
  public List<ConfigSnapshot> snapshots() {
    List<ConfigSnapshot> all = new ArrayList<>();
    reloaders.values().forEach(r -> r.current().ifPresent(all::add));
    return all;
  }

  /** Whether every configuration file seen has a valid configuration loaded. */
  public boolean allLoaded() {
    return !reloaders.isEmpty()
        && reloaders.values().stream().allMatch(r -> r.current().isPresent());
  }

  /** Why the latest content of a file was rejected, if one was. */
  public Optional<ConfigReloader.Failure> lastFailure() {
    return reloaders.values().stream()
        .map(ConfigReloader::lastFailure)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The file or folder being watched. */
  public Path path() {
    return path;
  }
}
