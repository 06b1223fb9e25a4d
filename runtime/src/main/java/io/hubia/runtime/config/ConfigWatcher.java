package io.hubia.runtime.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Loads the runtime configuration at start-up and polls the file for changes.
 *
 * <p>Polling the content hash (rather than a {@code WatchService}) survives every way the file can
 * change: the atomic swap of a ConfigMap volume's {@code ..data} symlink, an editor writing in
 * place, a directory that does not exist yet. The kubelet itself propagates ConfigMap changes
 * within about a minute, so a poll of a few seconds adds little.
 */
@Singleton
public class ConfigWatcher {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class);

  private final ConfigReloader reloader;
  private final long pollMillis;
  private ScheduledExecutorService executor;

  public ConfigWatcher(ConfigSettings settings, MeterRegistry registry) {
    this.reloader =
        new ConfigReloader(
            Path.of(settings.path()), new RuntimeConfigLoader(), registry, Clock.systemUTC());
    this.pollMillis = Math.max(50, settings.pollInterval().toMillis());
  }

  void onStart(@Observes StartupEvent event) {
    LOG.infof("Runtime configuration: %s, checked every %d ms", reloader.path(), pollMillis);
    reloader.reloadIfChanged();
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

  private void poll() {
    try {
      reloader.reloadIfChanged();
    } catch (RuntimeException | Error e) {
      // keep polling: a failed poll must not stop later reloads
      LOG.error("Checking the runtime configuration failed", e);
    }
  }

  /** The configuration being served, if one was ever loaded. */
  public Optional<ConfigSnapshot> current() {
    return reloader.current();
  }

  /** Why the latest file content was rejected, if it was. */
  public Optional<ConfigReloader.Failure> lastFailure() {
    return reloader.lastFailure();
  }

  /** The file being watched. */
  public Path path() {
    return reloader.path();
  }
}
