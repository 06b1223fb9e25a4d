package io.hubia.runtime.config;

import io.hubia.runtime.testing.SettingsDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link ConfigWatcher} that has read its file or folder once and runs no polling thread: for
 * benchmarks that build the runtime's services by hand, outside Quarkus.
 */
public final class LoadedConfigWatcher {
  private LoadedConfigWatcher() {}

  /**
   * @param path a configuration file, or a folder of them (one workflow each, as local mode)
   * @throws IllegalStateException when a file does not hold a valid configuration
   */
  public static ConfigWatcher of(Path path, MeterRegistry registry) {
    ConfigWatcher watcher =
        new ConfigWatcher(
            SettingsDefaults.of(ConfigSettings.class, Map.of("path", path.toString())), registry);
    watcher.poll();
    if (!watcher.allLoaded()) {
      throw new IllegalStateException(
          "configuration not loaded from " + path + ": " + watcher.lastFailure().orElse(null));
    }
    return watcher;
  }
}
