package io.hubia.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.runtime.config.ConfigReloader.Outcome;
import io.hubia.runtime.testing.ConfigMapVolume;
import io.hubia.runtime.testing.SampleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private ConfigReloader reloader(Path file) {
    return new ConfigReloader(file, new RuntimeConfigLoader(), registry, Clock.systemUTC());
  }

  private double reloads() {
    return registry.get("hubia.config.reloads").counter().count();
  }

  private double failures() {
    return registry.get("hubia.config.reload.failures").counter().count();
  }

  private double generationGauge() {
    return registry.get("hubia.config.workflow.generation").tag("workflow", "a").gauge().value();
  }

  @Test
  void loadsAValidFileOnce() {
    ConfigMapVolume volume =
        ConfigMapVolume.create(dir, "hubia-runtime.yaml", SampleConfig.valid("a", 3, "p", 1));
    ConfigReloader reloader = reloader(volume.file());
    assertThat(reloader.current()).isEmpty();
    // no workflow served yet: no generation gauge
    assertThat(registry.find("hubia.config.workflow.generation").gauges()).isEmpty();

    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.LOADED);
    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.UNCHANGED);

    assertThat(reloader.current())
        .hasValueSatisfying(s -> assertThat(s.workflowGeneration()).isEqualTo(3L));
    assertThat(reloader.lastFailure()).isEmpty();
    assertThat(reloads()).isEqualTo(1);
    assertThat(failures()).isZero();
    assertThat(generationGauge()).isEqualTo(3);
  }

  @Test
  void unsupportedVersionAtStartLeavesNoSnapshot() throws Exception {
    Path file = dir.resolve("hubia-runtime.yaml");
    Files.writeString(
        file, SampleConfig.valid("a", 1, "p", 1).replace("formatVersion: 1", "formatVersion: 9"));
    ConfigReloader reloader = reloader(file);

    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.FAILED);

    assertThat(reloader.current()).isEmpty();
    assertThat(reloader.lastFailure())
        .hasValueSatisfying(f -> assertThat(f.message()).contains("unsupported formatVersion 9"));
    assertThat(failures()).isEqualTo(1);
  }

  @Test
  void detectsAConfigMapSymlinkSwap() {
    ConfigMapVolume volume =
        ConfigMapVolume.create(dir, "hubia-runtime.yaml", SampleConfig.valid("a", 1, "p", 1));
    ConfigReloader reloader = reloader(volume.file());
    reloader.reloadIfChanged();
    ConfigSnapshot first = reloader.current().orElseThrow();

    volume.update(SampleConfig.valid("a", 2, "p", 5));

    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.LOADED);
    ConfigSnapshot second = reloader.current().orElseThrow();
    assertThat(second.workflowGeneration()).isEqualTo(2L);
    assertThat(second.policyGeneration()).isEqualTo(5L);
    assertThat(second.sha256()).isNotEqualTo(first.sha256());
    // the old snapshot is untouched: a request holding it stays consistent
    assertThat(first.workflowGeneration()).isEqualTo(1L);
    assertThat(reloads()).isEqualTo(2);
    assertThat(generationGauge()).isEqualTo(2);
  }

  @Test
  void brokenFileKeepsThePreviousSnapshotAndCountsOnce() {
    ConfigMapVolume volume =
        ConfigMapVolume.create(dir, "hubia-runtime.yaml", SampleConfig.valid("a", 1, "p", 1));
    ConfigReloader reloader = reloader(volume.file());
    reloader.reloadIfChanged();
    ConfigSnapshot good = reloader.current().orElseThrow();

    volume.update("formatVersion: 1\nworkflow: [broken\n");
    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.FAILED);
    // polling the same broken content again is not a new failure
    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.UNCHANGED);

    assertThat(reloader.current()).containsSame(good);
    assertThat(reloader.lastFailure())
        .hasValueSatisfying(f -> assertThat(f.message()).contains("is not valid YAML"));
    assertThat(failures()).isEqualTo(1);
    assertThat(reloads()).isEqualTo(1);

    volume.update(SampleConfig.valid("a", 2, "p", 1));
    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.LOADED);
    assertThat(reloader.current())
        .hasValueSatisfying(s -> assertThat(s.workflowGeneration()).isEqualTo(2L));
    assertThat(reloader.lastFailure()).isEmpty();
  }

  @Test
  void missingFileIsReportedOnceAndPickedUpWhenItAppears() throws Exception {
    Path file = dir.resolve("later/hubia-runtime.yaml");
    ConfigReloader reloader = reloader(file);

    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.FAILED);
    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.UNCHANGED);
    assertThat(reloader.lastFailure())
        .hasValueSatisfying(f -> assertThat(f.message()).endsWith("does not exist"));
    assertThat(failures()).isEqualTo(1);

    Files.createDirectories(file.getParent());
    Files.writeString(file, SampleConfig.valid("a", 1, "p", 1));
    assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.LOADED);
    assertThat(reloader.current()).isPresent();
  }

  @Test
  void readersAlwaysSeeACompleteSnapshotDuringReloads() throws Exception {
    ConfigMapVolume volume =
        ConfigMapVolume.create(dir, "hubia-runtime.yaml", SampleConfig.valid("a", 0, "p", 0));
    ConfigReloader reloader = reloader(volume.file());
    reloader.reloadIfChanged();

    AtomicBoolean stop = new AtomicBoolean();
    List<String> inconsistencies = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread readerThread =
        new Thread(
            () -> {
              started.countDown();
              while (!stop.get()) {
                ConfigSnapshot s = reloader.current().orElseThrow();
                // every generation n is written with policy generation n
                if (!s.workflowGeneration().equals(s.policyGeneration())) {
                  synchronized (inconsistencies) {
                    inconsistencies.add(s.describe());
                  }
                }
              }
            });
    readerThread.start();
    started.await();
    for (int g = 1; g <= 20; g++) {
      volume.update(SampleConfig.valid("a", g, "p", g));
      assertThat(reloader.reloadIfChanged()).isEqualTo(Outcome.LOADED);
    }
    stop.set(true);
    readerThread.join();

    assertThat(inconsistencies).isEmpty();
    assertThat(reloader.current())
        .hasValueSatisfying(s -> assertThat(s.workflowGeneration()).isEqualTo(20L));
    assertThat(reloads()).isEqualTo(21);
  }

  @Test
  void theGenerationGaugeFollowsARenamedWorkflow() {
    ConfigMapVolume volume =
        ConfigMapVolume.create(dir, "hubia-runtime.yaml", SampleConfig.valid("a", 1, "p", 1));
    ConfigReloader reloader = reloader(volume.file());
    reloader.reloadIfChanged();

    volume.update(SampleConfig.valid("b", 4, "p", 1));
    reloader.reloadIfChanged();

    assertThat(registry.find("hubia.config.workflow.generation").tag("workflow", "a").gauge())
        .isNull();
    assertThat(
            registry.get("hubia.config.workflow.generation").tag("workflow", "b").gauge().value())
        .isEqualTo(4);
  }
}
