package io.hubia.operator.workflow.audit;

import io.hubia.api.audit.AuditHealthReport;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.AuditHealth;
import io.hubia.operator.events.Reason;

/**
 * Turns what the runtime reported about its audit trail into the AgentWorkflow's {@code
 * status.audit} and its {@code AuditHealthy} condition. A pure function.
 *
 * <p>Condition messages hold no counters or times that change from one read to the next, so that a
 * steady state writes nothing and a Warning is recorded once per change, not once per read.
 */
public final class AuditHealthStatus {
  /** {@code status.audit.state} values. */
  public static final String HEALTHY = "Healthy";

  public static final String DEGRADED = "Degraded";
  public static final String UNKNOWN = "Unknown";

  private static final int MAX_MESSAGE = 600;

  /**
   * The audit part of a status.
   *
   * @param audit the {@code status.audit} field
   * @param conditionStatus {@code True}, {@code False} or {@code Unknown}
   * @param reason the condition's reason
   * @param message the condition's message
   */
  public record Result(AuditHealth audit, String conditionStatus, Reason reason, String message) {}

  private AuditHealthStatus() {}

  /**
   * The audit status of {@code workflow}.
   *
   * @param reading what its runtime answered, or {@code null} when no runtime pod is available
   * @param previous the current {@code status.audit}, whose figures are kept when nothing new is
   *     known
   */
  public static Result of(
      AgentWorkflow workflow, AuditHealthReader.Reading reading, AuditHealth previous) {
    if (reading == null) {
      return new Result(
          unknown(previous),
          "Unknown",
          Reason.NoRuntimeAvailable,
          "No runtime pod is available to report the audit trail's health");
    }
    if (reading instanceof AuditHealthReader.Unreachable unreachable) {
      return new Result(
          unknown(previous),
          "False",
          Reason.AuditUnreachable,
          shorten("The runtime's audit health cannot be read: " + unreachable.message()));
    }
    AuditHealthReport report = ((AuditHealthReader.Read) reading).report();
    AuditHealthReport.Verification verification =
        report
            .verificationOf(workflow.getMetadata().getNamespace(), workflow.getMetadata().getName())
            .orElse(null);
    AuditHealth audit = new AuditHealth();
    audit.setEventsWritten(report.getEventsWritten());
    audit.setFailures(report.getFailures());
    audit.setLastEventTime(report.getLastEventTime());
    if (verification != null && verification.getIntact() != null) {
      audit.setChainVerified(verification.getIntact());
      audit.setLastVerificationTime(verification.getTime());
    } else if (previous != null) {
      // a verification that could not run proves nothing either way: keep the last one that did
      audit.setChainVerified(previous.getChainVerified());
      audit.setLastVerificationTime(previous.getLastVerificationTime());
    }
    if (verification != null && Boolean.FALSE.equals(verification.getIntact())) {
      audit.setState(DEGRADED);
      return new Result(audit, "False", Reason.ChainBroken, shorten(broken(verification)));
    }
    if (!report.isCanWrite()) {
      audit.setState(DEGRADED);
      return new Result(
          audit,
          "False",
          Reason.AuditWriteFailures,
          shorten(
              "The runtime cannot write audit events (store "
                  + report.getState()
                  + (report.getLastError() == null ? "" : ": " + report.getLastError())
                  + "); "
                  + (Boolean.FALSE.equals(report.getFailClosed())
                      ? "answers are given without audit records (audit.failClosed: false)"
                      : "answers are refused until it can")));
    }
    audit.setState(HEALTHY);
    String chain =
        audit.getChainVerified() == null
            ? "the chain has not been verified yet"
            : "the latest verification found the chain intact";
    return new Result(
        audit, "True", Reason.AuditHealthy, "The runtime writes audit events; " + chain);
  }

  private static String broken(AuditHealthReport.Verification v) {
    AuditHealthReport.BrokenLink b = v.getFirstBroken();
    if (b == null) {
      return "The latest verification found the audit chain broken";
    }
    return "The audit chain is broken"
        + (b.getId() == null ? "" : " at event id " + b.getId())
        + (b.getEventId() == null ? "" : " (" + b.getEventId() + ")")
        + ": "
        + b.getProblem()
        + (b.getDetail() == null ? "" : ": " + b.getDetail())
        + ". See docs/runbooks/audit.md";
  }

  private static AuditHealth unknown(AuditHealth previous) {
    AuditHealth audit = new AuditHealth();
    if (previous != null) {
      audit.setEventsWritten(previous.getEventsWritten());
      audit.setFailures(previous.getFailures());
      audit.setLastEventTime(previous.getLastEventTime());
      audit.setChainVerified(previous.getChainVerified());
      audit.setLastVerificationTime(previous.getLastVerificationTime());
    }
    audit.setState(UNKNOWN);
    return audit;
  }

  private static String shorten(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }
}
