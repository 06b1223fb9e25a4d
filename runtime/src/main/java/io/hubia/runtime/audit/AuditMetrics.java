package io.hubia.runtime.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audit trail's metrics, registered once per registry and shared by the stores that follow one
 * another when the configuration changes. Prometheus names: {@code hubia_audit_events_total}
 * (events written), {@code hubia_audit_failures_total} (events refused: store unreachable,
 * unconfigured or not migrated) and {@code hubia_audit_last_event_timestamp_seconds} (Unix time of
 * the last event written; NaN before the first).
 */
public final class AuditMetrics {
  private final Counter events;
  private final Counter failures;
  private final AtomicReference<Instant> lastEvent = new AtomicReference<>();

  public AuditMetrics(MeterRegistry registry) {
    this.events =
        Counter.builder("hubia.audit.events")
            .description("Audit events written")
            .register(registry);
    this.failures =
        Counter.builder("hubia.audit.failures")
            .description(
                "Audit events that could not be written (the request was refused if fail-closed)")
            .register(registry);
    Gauge.builder("hubia.audit.last.event.timestamp.seconds", lastEvent, AuditMetrics::seconds)
        .strongReference(true)
        .description("Unix time of the last audit event written")
        .register(registry);
  }

  void written(Instant at) {
    events.increment();
    lastEvent.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
  }

  void failed() {
    failures.increment();
  }

  /** Events written through this registry's stores. */
  long eventsWritten() {
    return (long) events.count();
  }

  /** Appends refused through this registry's stores. */
  long failures() {
    return (long) failures.count();
  }

  private static double seconds(AtomicReference<Instant> ref) {
    Instant at = ref.get();
    return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
  }
}
