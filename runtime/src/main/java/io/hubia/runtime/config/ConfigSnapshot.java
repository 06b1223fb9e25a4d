package io.hubia.runtime.config;

import io.hubia.api.config.RuntimeConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * One loaded, validated version of the runtime configuration. Snapshots are swapped whole: a
 * request reads one snapshot and sees a consistent workflow and policy, whatever reloads happen
 * meanwhile.
 *
 * <p>{@link #config()} is the parse result of this snapshot alone, never shared with another one;
 * it is a mutable Lombok bean, so treat it as read-only: nothing may modify it after loading.
 *
 * @param config the parsed configuration (read-only by convention)
 * @param sha256 hex SHA-256 of the file content it was parsed from
 * @param loadedAt when it was loaded
 */
public record ConfigSnapshot(RuntimeConfig config, String sha256, Instant loadedAt) {

  public ConfigSnapshot {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(loadedAt, "loadedAt");
  }

  public String workflowName() {
    return config.getWorkflow().getName();
  }

  public String workflowNamespace() {
    return config.getWorkflow().getNamespace();
  }

  public Long workflowGeneration() {
    return config.getWorkflow().getGeneration();
  }

  public String policyName() {
    return config.getPolicy().getName();
  }

  public Long policyGeneration() {
    return config.getPolicy().getGeneration();
  }

  /** A one-line description for logs: no spec content, no secrets. */
  public String describe() {
    return "workflow "
        + (workflowNamespace() == null ? "" : workflowNamespace() + "/")
        + workflowName()
        + " generation "
        + workflowGeneration()
        + ", policy "
        + policyName()
        + " generation "
        + policyGeneration()
        + ", sha256 "
        + sha256.substring(0, 12);
  }
}
