package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.hubia.runtime.audit.AuditEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one request had redacted, per target and kind: counts, never the values. Its audit event
 * records them as decisions ({@link #decisions()}). Thread-safe (tool calls may run on another
 * thread).
 */
public final class RedactionTally {
  /** The step of the audit decisions, followed by {@code :} and the target in lower case. */
  public static final String STEP = "redaction";

  private final Map<RedactionTarget, Map<PersonalDataType, Integer>> counts =
      new EnumMap<>(RedactionTarget.class);

  /** Adds what was redacted from one text of {@code target}. */
  public synchronized void add(RedactionTarget target, Map<PersonalDataType, Integer> found) {
    if (found.isEmpty()) {
      return;
    }
    Map<PersonalDataType, Integer> of =
        counts.computeIfAbsent(target, t -> new EnumMap<>(PersonalDataType.class));
    found.forEach((type, n) -> of.merge(type, n, Integer::sum));
  }

  /** The counts of {@code target}; empty when nothing was redacted there. */
  public synchronized Map<PersonalDataType, Integer> counts(RedactionTarget target) {
    return Map.copyOf(counts.getOrDefault(target, Map.of()));
  }

  /**
   * One decision per target where something was redacted, in target order: step {@code
   * redaction:question} (or {@code answer}, {@code audit}), outcome {@code redacted}, detail the
   * counts per kind, e.g. {@code Email=1, Phone=2}.
   */
  public synchronized List<AuditEvent.Decision> decisions() {
    List<AuditEvent.Decision> decisions = new ArrayList<>();
    counts.forEach(
        (target, of) ->
            decisions.add(
                new AuditEvent.Decision(
                    STEP + ":" + target.name().toLowerCase(Locale.ROOT),
                    "redacted",
                    of.entrySet().stream()
                        .map(e -> e.getKey().name() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")))));
    return decisions;
  }
}
