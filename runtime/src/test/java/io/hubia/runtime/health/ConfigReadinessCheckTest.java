package io.hubia.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.runtime.config.ConfigReloader;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.RuntimeConfigLoader;
import io.hubia.runtime.testing.SampleConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ConfigReadinessCheckTest {

  @Test
  void downWithTheReasonUntilAConfigurationIsLoaded() {
    HealthCheckResponse r =
        ConfigReadinessCheck.check(
            Optional.empty(),
            Optional.of(new ConfigReloader.Failure("unsupported formatVersion 2", Instant.EPOCH)),
            "/etc/hubia/hubia-runtime.yaml");

    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(r.getData().orElseThrow())
        .containsEntry("reason", "no valid configuration loaded yet: unsupported formatVersion 2")
        .containsEntry("path", "/etc/hubia/hubia-runtime.yaml");
  }

  @Test
  void upWhileServingTheLastGoodConfigurationAndShowsTheRejection() throws Exception {
    ConfigSnapshot s =
        new RuntimeConfigLoader()
            .parse(SampleConfig.valid("a", 4, "p", 2).getBytes(StandardCharsets.UTF_8), "test");

    HealthCheckResponse r =
        ConfigReadinessCheck.check(
            Optional.of(s),
            Optional.of(new ConfigReloader.Failure("test is not valid YAML", Instant.EPOCH)),
            "test");

    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(r.getData().orElseThrow())
        .containsEntry("workflow", "a")
        .containsEntry("workflowGeneration", "4")
        .containsEntry("policyGeneration", "2")
        .containsEntry("lastRejected", "test is not valid YAML");
  }
}
