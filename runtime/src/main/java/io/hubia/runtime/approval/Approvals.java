package io.hubia.runtime.approval;

import io.hubia.runtime.audit.AuditService;
import io.hubia.runtime.audit.AuditUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The approval requests of this runtime, in the audit database: hold, find, list, decide, complete,
 * each counted. No audit store ready, no approval: every method throws {@link
 * AuditUnavailableException} (503) when the database cannot be reached, like an audit append.
 */
@Singleton
public class Approvals {
  private final AuditService audit;
  private final ApprovalMetrics metrics;

  public Approvals(AuditService audit, MeterRegistry registry) {
    this.audit = audit;
    this.metrics = new ApprovalMetrics(registry);
  }

  /** Stores a new pending request. */
  public ApprovalRequest hold(ApprovalRequest request) {
    run(s -> s.insert(request));
    metrics.requested(request.workflow(), request.kind());
    return request;
  }

  /** The request {@code id}, if there is one. */
  public Optional<ApprovalRequest> find(UUID id) {
    return call(s -> s.find(id));
  }

  /** The requests of a workflow, oldest first ({@code status} {@code null}: all). */
  public List<ApprovalRequest> list(
      String namespace, String workflow, ApprovalRequest.Status status, int limit) {
    return call(s -> s.list(namespace, workflow, status, limit));
  }

  /** Pending requests of a workflow past their deadline. */
  public List<ApprovalRequest> expired(String namespace, String workflow, Instant now, int limit) {
    return call(s -> s.expired(namespace, workflow, now, limit));
  }

  /**
   * Decides {@code request} if it is still pending.
   *
   * @return whether this call decided it
   */
  public boolean decide(
      ApprovalRequest request,
      ApprovalRequest.Status outcome,
      String decidedBy,
      String reason,
      Instant at) {
    boolean decided = call(s -> s.decide(request.id(), outcome, decidedBy, reason, at));
    if (decided) {
      metrics.decided(
          request.workflow(), request.kind(), outcome, ApprovalRequest.TIMEOUT.equals(decidedBy));
    }
    return decided;
  }

  /** Gives a decided request its result, once; {@code false} if it had one already. */
  public boolean complete(UUID id, String resultJson) {
    return call(s -> s.complete(id, resultJson));
  }

  /** Records the first delivery of a result to its caller. */
  public void delivered(UUID id, Instant at) {
    run(s -> s.delivered(id, at));
  }

  /** Refreshes the pending gauges with the queues of the workflows {@code served} here. */
  public void refreshQueues(List<String> served, Instant now) {
    List<ApprovalStore.Queue> queues =
        call(ApprovalStore::queues).stream()
            .filter(q -> served.contains(key(q.namespace(), q.workflow())))
            .toList();
    metrics.queues(queues, now);
  }

  /** The key of a workflow in {@link #refreshQueues}: {@code namespace/name}. */
  public static String key(String namespace, String workflow) {
    return (namespace == null ? "" : namespace) + "/" + workflow;
  }

  @FunctionalInterface
  private interface StoreCall<T> {
    T apply(ApprovalStore store) throws SQLException;
  }

  @FunctionalInterface
  private interface StoreRun {
    void apply(ApprovalStore store) throws SQLException;
  }

  private <T> T call(StoreCall<T> work) {
    ApprovalStore store =
        new ApprovalStore(
            audit
                .readyDataSource()
                .orElseThrow(
                    () ->
                        new AuditUnavailableException(
                            "no audit store is ready: approval requests cannot be read or"
                                + " written")));
    try {
      return work.apply(store);
    } catch (SQLException e) {
      throw new AuditUnavailableException("approval requests cannot be read or written", e);
    }
  }

  private void run(StoreRun work) {
    call(
        s -> {
          work.apply(s);
          return null;
        });
  }
}
