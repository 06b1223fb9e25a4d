package io.hubia.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.operator.events.EventRecorder;
import io.hubia.operator.events.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a change of a resource's Ready condition once: an info log, a Kubernetes Event and a
 * metric. Passes that change nothing report nothing.
 */
public final class StatusTransitions {
  private static final Logger LOG = LoggerFactory.getLogger(StatusTransitions.class);

  /** Resources remembered; the least recently changed are forgotten first (deleted ones too). */
  static final int MAX_REMEMBERED = 20_000;

  private final EventRecorder events;
  private final MeterRegistry metrics;

  /**
   * Last Ready state reported per resource uid. Status is written outside the SDK's cache, so a
   * pass may still see the previous status; remembering what was reported keeps one transition from
   * being reported twice.
   */
  private final java.util.Map<String, String> reported =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
              return size() > MAX_REMEMBERED;
            }
          });

  public StatusTransitions(EventRecorder events, MeterRegistry metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /** Compares the Ready condition before and after a pass and reports a transition. */
  public void report(HasMetadata resource, List<Condition> before, List<Condition> after) {
    Optional<Condition> old = Conditions.find(before, ConditionType.Ready);
    Optional<Condition> now = Conditions.find(after, ConditionType.Ready);
    if (now.isEmpty()) {
      return;
    }
    Condition ready = now.get();
    String key = resource.getMetadata().getUid();
    String state =
        ready.getStatus()
            + "|"
            + ready.getReason()
            + (Reason.valueOf(ready.getReason()).isWarning() ? "|" + ready.getMessage() : "");
    if (key != null && state.equals(reported.get(key))) {
      return;
    }
    boolean changed =
        old.isEmpty()
            || !Objects.equals(old.get().getStatus(), ready.getStatus())
            || !Objects.equals(old.get().getReason(), ready.getReason())
            || !Objects.equals(old.get().getMessage(), ready.getMessage())
                && Reason.valueOf(ready.getReason()).isWarning();
    if (key != null) {
      reported.put(key, state);
    }
    if (!changed) {
      return;
    }
    Reason reason = Reason.valueOf(ready.getReason());
    LOG.info(
        "{} {}/{} Ready={} reason={}: {}",
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        ready.getStatus(),
        reason,
        ready.getMessage());
    events.record(resource, reason, ready.getMessage());
    metrics
        .counter(
            "hubia.operator.ready.transitions",
            "kind",
            resource.getKind(),
            "status",
            ready.getStatus(),
            "reason",
            reason.name())
        .increment();
  }
}
