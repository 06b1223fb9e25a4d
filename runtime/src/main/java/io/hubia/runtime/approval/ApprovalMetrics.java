package io.hubia.runtime.approval;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Human approval's metrics. Prometheus names: {@code hubia_approvals_requested_total{workflow,
 * kind}} (requests held), {@code hubia_approvals_decided_total{workflow, kind, outcome, by}} (by
 * {@code approver} or {@code timeout}), and, refreshed from the database every sweep, {@code
 * hubia_approvals_pending{workflow}} and {@code hubia_approvals_oldest_pending_age_seconds
 * {workflow}} over every replica's requests.
 */
final class ApprovalMetrics {
  private final MeterRegistry registry;
  private final MultiGauge pending;
  private final MultiGauge oldest;

  ApprovalMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.pending =
        MultiGauge.builder("hubia.approvals.pending")
            .description("Requests waiting for an approver's decision")
            .register(registry);
    this.oldest =
        MultiGauge.builder("hubia.approvals.oldest.pending.age.seconds")
            .description("How long the oldest pending request has waited")
            .register(registry);
  }

  void requested(String workflow, ApprovalRequest.Kind kind) {
    Counter.builder("hubia.approvals.requested")
        .description("Requests held for a human's approval")
        .tags("workflow", workflow, "kind", kind.value())
        .register(registry)
        .increment();
  }

  void decided(
      String workflow, ApprovalRequest.Kind kind, ApprovalRequest.Status outcome, boolean timeout) {
    Counter.builder("hubia.approvals.decided")
        .description("Held requests decided, by an approver or by their deadline")
        .tags(
            "workflow",
            workflow,
            "kind",
            kind.value(),
            "outcome",
            outcome.value(),
            "by",
            timeout ? "timeout" : "approver")
        .register(registry)
        .increment();
  }

  /** Replaces the gauges with these queues (workflows without pending requests show none). */
  void queues(List<ApprovalStore.Queue> queues, Instant now) {
    pending.register(
        queues.stream()
            .map(q -> MultiGauge.Row.of(Tags.of("workflow", q.workflow()), q.pending()))
            .toList(),
        true);
    oldest.register(
        queues.stream()
            .map(
                q ->
                    MultiGauge.Row.of(
                        Tags.of("workflow", q.workflow()),
                        Math.max(0, Duration.between(q.oldest(), now).toSeconds())))
            .toList(),
        true);
  }
}
