package io.hubia.runtime.policy.injection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code hubia_injection_detections_total{workflow,layer}}: times a layer of the injection defence
 * acted (docs/metrics.md, runbook "injection alerts" in docs/runbooks/runtime.md).
 */
public final class InjectionMetrics {
  private final MeterRegistry registry;

  /**
   * @param registry where to count; {@code null} counts nothing
   */
  public InjectionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one detection. */
  public void detected(String workflow, Detection detection) {
    if (registry == null) {
      return;
    }
    Counter.builder("hubia.injection.detections")
        .description("Prompt-injection detections, by defence layer")
        .tags("workflow", workflow, "layer", detection.layer().tag())
        .register(registry)
        .increment();
  }
}
