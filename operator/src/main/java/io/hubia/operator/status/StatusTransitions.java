package io.hubia.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.operator.events.EventRecorder;
import io.hubia.operator.events.Reason;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a change of a resource's Ready condition (or of another condition a reconciler reports,
 * such as an AgentWorkflow's AuditHealthy) once: an info log, a Kubernetes Event and a metric.
 * Passes that change nothing report nothing.
 */
public final class StatusTransitions {
  private static final Logger LOG = LoggerFactory.getLogger(StatusTransitions.class);

  /** Resources remembered; the least recently changed are forgotten first (deleted ones too). */
  static final int MAX_REMEMBERED = 20_000;

  private final EventRecorder events;
  private final MeterRegistry metrics;
  private final NotReadyGauges notReady;

  /**
   * Last state reported per resource uid (and condition type, other than Ready). Status is written
   * outside the SDK's cache, so a pass may still see the previous status; remembering what was
   * reported keeps one transition from being reported twice.
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
    this.notReady = new NotReadyGauges(metrics);
  }

  /**
   * Counts the resources of {@code kind} that are not Ready, by reason, in {@code
   * hubia_operator_resources_not_ready}, from the reconciler's primary cache.
   */
  public <R extends HasMetadata> void trackReadiness(
      String kind, IndexedResourceCache<R> cache, Function<R, List<Condition>> conditions) {
    notReady.track(kind, cache, conditions);
  }

  /**
   * Reports a notice about {@code resource} (an info log and an Event) once per resource and {@code
   * topic} while this operator runs, and again only when the message changes.
   */
  public void reportOnce(HasMetadata resource, String topic, Reason reason, String message) {
    String key = resource.getMetadata().getUid() + "/" + topic;
    if (Objects.equals(reported.put(key, message), message)) {
      return;
    }
    LOG.info(
        "{} {}/{} reason={}: {}",
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        reason,
        message);
    events.record(resource, reason, message);
  }

  /** Forgets a notice of {@link #reportOnce}, so that it is reported again if it comes back. */
  public void forget(HasMetadata resource, String topic) {
    reported.remove(resource.getMetadata().getUid() + "/" + topic);
  }

  /** Compares the Ready condition before and after a pass and reports a transition. */
  public void report(HasMetadata resource, List<Condition> before, List<Condition> after) {
    report(resource, before, after, ConditionType.Ready);
  }

  /**
   * Compares the condition {@code type} before and after a pass and reports a transition: an info
   * log, an Event whose reason is the condition's (Warning or Normal as the reason says), and a
   * count in {@code hubia_operator_ready_transitions_total} (Ready) or {@code
   * hubia_operator_condition_transitions_total} (other types, label {@code type}).
   */
  public void report(
      HasMetadata resource, List<Condition> before, List<Condition> after, ConditionType type) {
    Optional<Condition> old = Conditions.find(before, type);
    Optional<Condition> now = Conditions.find(after, type);
    if (now.isEmpty()) {
      return;
    }
    Condition condition = now.get();
    if (type == ConditionType.Ready && "False".equals(condition.getStatus())) {
      notReady.observe(resource.getKind(), condition.getReason());
    }
    String uid = resource.getMetadata().getUid();
    String key = uid == null ? null : type == ConditionType.Ready ? uid : uid + "|" + type;
    String state =
        condition.getStatus()
            + "|"
            + condition.getReason()
            + (Reason.valueOf(condition.getReason()).isWarning()
                ? "|" + condition.getMessage()
                : "");
    if (key != null && state.equals(reported.get(key))) {
      return;
    }
    boolean changed =
        old.isEmpty()
            || !Objects.equals(old.get().getStatus(), condition.getStatus())
            || !Objects.equals(old.get().getReason(), condition.getReason())
            || !Objects.equals(old.get().getMessage(), condition.getMessage())
                && Reason.valueOf(condition.getReason()).isWarning();
    if (key != null) {
      reported.put(key, state);
    }
    if (!changed) {
      return;
    }
    Reason reason = Reason.valueOf(condition.getReason());
    LOG.info(
        "{} {}/{} {}={} reason={}: {}",
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        type,
        condition.getStatus(),
        reason,
        condition.getMessage());
    events.record(resource, reason, condition.getMessage());
    if (type == ConditionType.Ready) {
      metrics
          .counter(
              "hubia.operator.ready.transitions",
              "kind",
              resource.getKind(),
              "status",
              condition.getStatus(),
              "reason",
              reason.name())
          .increment();
    } else {
      metrics
          .counter(
              "hubia.operator.condition.transitions",
              "kind",
              resource.getKind(),
              "type",
              type.name(),
              "status",
              condition.getStatus(),
              "reason",
              reason.name())
          .increment();
    }
  }
}
