package io.hubia.runtime.approval;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Human approval's runtime settings; the rules themselves come from the PolicySet. */
@ConfigMapping(prefix = "hubia.approvals")
public interface ApprovalSettings {
  /**
   * How often pending requests past their deadline are decided with the policy's {@code onTimeout}
   * outcome, and the pending gauges refreshed. A caller fetching an expired request gets the
   * timeout outcome at once, whatever the interval.
   */
  @WithDefault("30s")
  Duration sweepInterval();

  /** Most requests listed by one {@code GET /v1/approvals}. */
  @WithDefault("200")
  int maxListed();
}
