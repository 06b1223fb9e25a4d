package io.hubia.runtime.policy.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/** How the PolicySet's limits are counted; see application.properties and docs/policy.md. */
@ConfigMapping(prefix = "hubia.limits")
public interface LimitSettings {

  /**
   * The zone whose midnight starts the day of the token budgets (env {@code
   * HUBIA_LIMITS_DAY_ZONE}): Europe/Paris by default, the day the organisation's users live in.
   */
  @WithDefault("Europe/Paris")
  ZoneId dayZone();

  /** How long a token count read from the audit trail is trusted, per caller and per workflow. */
  @WithDefault("5s")
  Duration budgetCache();

  /**
   * Callers tracked at most in each of the bounded maps (request buckets, token counts, refusals
   * audited), per replica. Only a flood of distinct callers within a minute reaches it; a request
   * bucket takes about 500 bytes of heap (measured with 36-character subjects), so 25 MB at the
   * default bound. A caller dropped to make room comes back with a full bucket.
   */
  @WithDefault("50000")
  int maxTrackedCallers();
}
