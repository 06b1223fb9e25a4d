package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * {@code hubia_redactions_total{workflow,type,target}}: pieces of personal data redacted
 * (docs/metrics.md). A spike means someone pastes personal data into questions, or documents carry
 * it into answers (docs/runbooks/runtime.md).
 */
public final class RedactionMetrics {
  private static final RedactionMetrics NONE = new RedactionMetrics(null);

  private final MeterRegistry registry;

  /**
   * @param registry where to count; {@code null} counts nothing
   */
  public RedactionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts nothing (tests, tools). */
  public static RedactionMetrics none() {
    return NONE;
  }

  /** Counts what was redacted from one text. */
  void count(String workflow, RedactionTarget target, Map<PersonalDataType, Integer> counts) {
    if (registry == null) {
      return;
    }
    counts.forEach(
        (type, n) ->
            Counter.builder("hubia.redactions")
                .description("Pieces of personal data redacted, by kind and target")
                .tags("workflow", workflow, "type", type.name(), "target", target.name())
                .register(registry)
                .increment(n));
  }
}
