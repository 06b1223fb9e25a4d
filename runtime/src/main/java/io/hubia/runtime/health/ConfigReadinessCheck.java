package io.hubia.runtime.health;

import io.hubia.runtime.config.ConfigReloader;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a valid configuration is loaded. A later invalid file does not make the pod unready:
 * it goes on serving the last good configuration, and the rejection shows in the check's data.
 */
@Readiness
@ApplicationScoped
public class ConfigReadinessCheck implements HealthCheck {
  static final String NAME = "runtime-configuration";

  private final ConfigWatcher watcher;

  public ConfigReadinessCheck(ConfigWatcher watcher) {
    this.watcher = watcher;
  }

  @Override
  public HealthCheckResponse call() {
    return check(watcher.current(), watcher.lastFailure(), watcher.path().toString());
  }

  static HealthCheckResponse check(
      Optional<ConfigSnapshot> current, Optional<ConfigReloader.Failure> failure, String path) {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("path", path);
    if (current.isEmpty()) {
      return response
          .down()
          .withData(
              "reason",
              "no valid configuration loaded yet: "
                  + failure.map(ConfigReloader.Failure::message).orElse("not read yet"))
          .build();
    }
    ConfigSnapshot s = current.get();
    response
        .up()
        .withData("workflow", s.workflowName())
        .withData("workflowGeneration", String.valueOf(s.workflowGeneration()))
        .withData("policy", s.policyName())
        .withData("policyGeneration", String.valueOf(s.policyGeneration()))
        .withData("sha256", s.sha256())
        .withData("loadedAt", s.loadedAt().toString());
    failure.ifPresent(f -> response.withData("lastRejected", f.message()));
    return response.build();
  }
}
