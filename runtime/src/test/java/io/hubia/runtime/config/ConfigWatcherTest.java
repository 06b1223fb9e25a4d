package io.hubia.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.runtime.testing.SampleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of configurations (local mode): every workflow has its metrics, not only the first. */
class ConfigWatcherTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ConfigWatcher watcher(Path path) {
    return new ConfigWatcher(
        new ConfigSettings() {
          @Override
          public String path() {
            return path.toString();
          }

          @Override
          public Duration pollInterval() {
            return Duration.ofSeconds(1);
          }
        },
        registry);
  }

  private double generation(String workflow) {
    return registry
        .get("hubia.config.workflow.generation")
        .tag("workflow", workflow)
        .gauge()
        .value();
  }

  @Test
  void everyWorkflowOfAFolderHasItsGenerationGauge() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), SampleConfig.valid("alpha", 3, "p", 1));
    Files.writeString(dir.resolve("b.yaml"), SampleConfig.valid("beta", 5, "p", 1));
    ConfigWatcher watcher = watcher(dir);

    watcher.poll();

    assertThat(watcher.snapshots()).hasSize(2);
    assertThat(generation("alpha")).isEqualTo(3);
    assertThat(generation("beta")).isEqualTo(5);
    // the counters count over every file
    assertThat(registry.get("hubia.config.reloads").counter().count()).isEqualTo(2);

    Files.writeString(dir.resolve("b.yaml"), SampleConfig.valid("beta", 6, "p", 1));
    Files.writeString(dir.resolve("c.yaml"), "formatVersion: 1\nworkflow: [broken\n");
    watcher.poll();

    assertThat(generation("beta")).isEqualTo(6);
    assertThat(registry.get("hubia.config.reloads").counter().count()).isEqualTo(3);
    assertThat(registry.get("hubia.config.reload.failures").counter().count()).isEqualTo(1);
  }
}
