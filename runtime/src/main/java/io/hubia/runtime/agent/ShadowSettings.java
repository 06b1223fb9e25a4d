package io.hubia.runtime.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Evaluation shadows (docs/api.md, Evaluation shadows): copies of a workflow's indexes with planted
 * documents, for the evaluation harness's indirect-injection suite. Off unless enabled: local mode
 * and the operator's evaluation runtime enable them, a serving runtime never does.
 */
@ConfigMapping(prefix = "hubia.evaluation")
public interface ShadowSettings {
  /** Whether the shadow endpoints and the {@code Hubia-Shadow} header exist at all. */
  @WithDefault("false")
  boolean shadowsEnabled();

  /** How long a shadow lives after its creation. */
  @WithDefault("1h")
  Duration shadowTtl();

  /** Most live shadows per workflow. */
  @WithDefault("3")
  int maxShadowsPerWorkflow();
}
