package io.hubia.runtime.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Holds the current {@link ConfigSnapshot} and replaces it when the configuration file changes.
 *
 * <p>{@link #reloadIfChanged()} reads the file through its path (following the symlinks of a
 * Kubernetes ConfigMap volume, whose {@code ..data} link is swapped atomically on update) and
 * compares the SHA-256 of its content with the content last seen, so it is cheap to call every few
 * seconds and immune to how the file was replaced. New content that fails to load leaves the
 * current snapshot in place: requests go on being served with the last good configuration.
 *
 * <p>Metrics (Prometheus names): {@code hubia_config_reloads_total} counts successful loads, the
 * first one included; {@code hubia_config_reload_failures_total} counts content that could not be
 * loaded (once per distinct content, not once per poll). Both are shared by the reloaders of one
 * registry (one per file of a local-mode folder), so they count over every file. {@code
 * hubia_config_workflow_generation{workflow}} is the generation of the workflow this file serves,
 * registered at its first load (a file that never loaded serves no workflow).
 */
public final class ConfigReloader {
  private static final Logger LOG = Logger.getLogger(ConfigReloader.class);

  /** Stands for "no file" in place of the last-seen content hash. */
  private static final String MISSING = "missing";

  /** What one call of {@link #reloadIfChanged()} did. */
  public enum Outcome {
    /** Same content as last time: nothing to do. */
    UNCHANGED,
    /** New content loaded and swapped in. */
    LOADED,
    /** New content (or a missing file) rejected; the previous snapshot, if any, stays. */
    FAILED
  }

  /**
   * The last rejected content.
   *
   * @param message why it was rejected
   * @param at when
   */
  public record Failure(String message, Instant at) {}

  private final Path path;
  private final RuntimeConfigLoader loader;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Counter reloads;
  private final Counter failures;
  private final AtomicReference<ConfigSnapshot> current = new AtomicReference<>();
  private final AtomicReference<Failure> lastFailure = new AtomicReference<>();

  /** Hash of the content last read, loaded or not; guarded by {@code this}. */
  private String lastSeen;

  /** The generation gauge of the workflow served, once one is; guarded by {@code this}. */
  private Gauge generation;

  public ConfigReloader(
      Path path, RuntimeConfigLoader loader, MeterRegistry registry, Clock clock) {
    this.path = path;
    this.loader = loader;
    this.clock = clock;
    this.registry = registry;
    this.reloads =
        Counter.builder("hubia.config.reloads")
            .description("Runtime configuration loads that succeeded, the first one included")
            .register(registry);
    this.failures =
        Counter.builder("hubia.config.reload.failures")
            .description("Runtime configuration contents rejected (previous configuration kept)")
            .register(registry);
  }

  /** The file this reloader reads. */
  public Path path() {
    return path;
  }

  /** The configuration being served, if one was ever loaded. */
  public Optional<ConfigSnapshot> current() {
    return Optional.ofNullable(current.get());
  }

  /** Why the latest content was rejected; empty when the latest content is the one served. */
  public Optional<Failure> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  /** Reads the file and swaps in a new snapshot if its content changed and is valid. */
  public synchronized Outcome reloadIfChanged() {
    byte[] content;
    String hash;
    try {
      content = Files.readAllBytes(path);
      hash = RuntimeConfigLoader.sha256(content);
    } catch (NoSuchFileException e) {
      return reject(MISSING, "configuration file " + path + " does not exist");
    } catch (IOException e) {
      return reject("unreadable: " + e, "cannot read configuration file " + path + ": " + e);
    }
    if (hash.equals(lastSeen)) {
      return Outcome.UNCHANGED;
    }
    try {
      ConfigSnapshot next = loader.parse(content, path.toString());
      lastSeen = hash;
      ConfigSnapshot previous = current.getAndSet(next);
      lastFailure.set(null);
      reloads.increment();
      generationGauge(next.workflowName());
      if (previous == null) {
        LOG.infof("Loaded configuration from %s: %s", path, next.describe());
      } else {
        LOG.infof(
            "Reloaded configuration from %s: %s (was workflow generation %s, policy generation %s)",
            path, next.describe(), previous.workflowGeneration(), previous.policyGeneration());
      }
      return Outcome.LOADED;
    } catch (InvalidConfigException e) {
      return reject(hash, e.getMessage());
    }
  }

  private Outcome reject(String hash, String message) {
    if (hash.equals(lastSeen)) {
      return Outcome.UNCHANGED; // already reported
    }
    lastSeen = hash;
    lastFailure.set(new Failure(message, clock.instant()));
    failures.increment();
    ConfigSnapshot kept = current.get();
    if (kept == null) {
      LOG.errorf("Invalid runtime configuration, not ready until it is fixed: %s", message);
    } else {
      LOG.errorf(
          "Invalid runtime configuration, still serving the previous one (%s): %s",
          kept.describe(), message);
    }
    return Outcome.FAILED;
  }

  /** Registers the generation gauge of {@code workflow}, replacing the one of a former name. */
  private void generationGauge(String workflow) {
    if (generation != null && workflow.equals(generation.getId().getTag("workflow"))) {
      return;
    }
    if (generation != null) {
      registry.remove(generation);
    }
    generation =
        Gauge.builder("hubia.config.workflow.generation", current, ConfigReloader::generationOf)
            .strongReference(true)
            .description("Generation of the AgentWorkflow being served")
            .tag("workflow", workflow)
            .register(registry);
  }

  private static double generationOf(AtomicReference<ConfigSnapshot> ref) {
    ConfigSnapshot s = ref.get();
    return s == null || s.workflowGeneration() == null ? Double.NaN : s.workflowGeneration();
  }
}
