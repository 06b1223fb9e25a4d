package io.hubia.operator.events;

/** Reasons of conditions and Kubernetes Events, in CamelCase, with the Event type they carry. */
public enum Reason {
  Ready(false),
  Valid(false),
  Resolved(false),
  MinimumReplicasAvailable(false),
  Accepted(false),
  RolloutInProgress(false),
  ScaledToZero(false),
  InvalidSpec(true),
  ModelEndpointMissing(true),
  PolicySetNotFound(true),
  PolicySetNotReady(true),
  RetrievalIndexNotFound(true),
  RetrievalIndexNotReady(true),
  SecretNotFound(true),
  SecretKeyNotFound(true),
  DeploymentUnavailable(true),
  NotSynced(false),
  SyncStarted(false),
  SyncRunning(false),
  Synced(false),
  SyncFailed(true),
  SyncOutcomeMissing(true),
  AliasFlipped(false),
  OpenSearchUnreachable(true),
  OpenSearchConnectionInvalid(true),
  IndexesDeleted(false),
  AuditHealthy(false),
  NoRuntimeAvailable(false),
  AuditUnreachable(true),
  AuditWriteFailures(true),
  ChainBroken(true),
  AuditRetentionNotScheduled(true),
  EvaluationRunning(false),
  ThresholdsMet(false),
  ThresholdsNotMet(true),
  EvaluationError(true),
  AwaitingEvaluation(false),
  Promoted(false),
  ReconcileError(true);

  private final boolean warning;

  Reason(boolean warning) {
    this.warning = warning;
  }

  /** Whether Events with this reason are of type Warning (else Normal). */
  public boolean isWarning() {
    return warning;
  }
}
