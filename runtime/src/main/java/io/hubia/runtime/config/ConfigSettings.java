package io.hubia.runtime.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where the runtime configuration file is and how often it is checked for changes. */
@ConfigMapping(prefix = "hubia.config")
public interface ConfigSettings {

  /**
   * Path of the file rendered by the operator (env {@code HUBIA_CONFIG_PATH}), in the ConfigMap
   * volume mounted by the workflow's Deployment.
   */
  @WithDefault("/etc/hubia/hubia-runtime.yaml")
  String path();

  /**
   * How often the file content is compared with the loaded one (env {@code
   * HUBIA_CONFIG_POLL_INTERVAL}).
   */
  @WithDefault("2s")
  Duration pollInterval();
}
