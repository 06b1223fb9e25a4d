package io.hubia.runtime.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the models of the served workflows are checked, and what their state does to readiness. */
@ConfigMapping(prefix = "hubia.models")
public interface ModelCheckSettings {

  /** What an unreachable model does to the {@code models} readiness check. */
  enum Readiness {
    /**
     * The check stays UP and shows each model's state: answers go on, from the fallback models or
     * the extractive answerer, and a model outage does not take every replica out of the Service.
     */
    REPORT,
    /** The check is DOWN while no model of some served workflow's chain is reachable. */
    REQUIRE
  }

  /** How often each model is probed. */
  @WithDefault("30s")
  Duration checkInterval();

  /** {@code report} (default) or {@code require}; see {@link Readiness}. */
  @WithDefault("report")
  Readiness readiness();
}
