package io.hubia.runtime.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the OpenSearch clusters and aliases of the served configurations are checked. */
@ConfigMapping(prefix = "hubia.search")
public interface SearchCheckSettings {

  /** How often each cluster is probed: the {@code search} readiness is at most this old. */
  @WithDefault("5s")
  Duration checkInterval();

  /**
   * How long a probe is waited for. The search client's own response timeout (30 s) is meant for
   * queries; a node that accepts connections and never answers must not hold readiness that long.
   */
  @WithDefault("2s")
  Duration checkTimeout();
}
