package io.hubia.runtime.audit;

import io.hubia.api.audit.AuditHealthReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link AuditVerifier} found in one chain, or in an export file of it.
 *
 * @param namespace the chain's namespace
 * @param workflow the chain's workflow
 * @param source {@link #DATABASE} or {@link #FILE}
 * @param finishedAt when the walk ended
 * @param duration how long it took
 * @param eventsChecked events read and checked
 * @param brokenLinks events (and file-level problems) that failed a check
 * @param firstBroken the first of them, or {@code null}
 * @param firstId database id of the first event checked, or {@code null}
 * @param lastId database id of the last event checked, or {@code null}
 * @param headHash stored hash of the last event checked: the chain's head when the whole database
 *     chain was walked, or {@code null} without events
 * @param anchor the retention anchor the chain starts from, or {@code null}
 * @param error why the walk could not run (connection, permission...), or {@code null}
 */
public record VerificationReport(
    String namespace,
    String workflow,
    String source,
    Instant finishedAt,
    Duration duration,
    long eventsChecked,
    long brokenLinks,
    BrokenLink firstBroken,
    Long firstId,
    Long lastId,
    String headHash,
    AuditAnchor anchor,
    String error) {

  /** Source of a verification of the database chain. */
  public static final String DATABASE = "database";

  /** Source of a verification of an export file. */
  public static final String FILE = "file";

  public VerificationReport {
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(duration, "duration");
  }

  /** A verification that could not run. */
  static VerificationReport failed(
      String namespace,
      String workflow,
      String source,
      Instant finishedAt,
      Duration duration,
      String error) {
    return new VerificationReport(
        namespace,
        workflow,
        source,
        finishedAt,
        duration,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        error);
  }

  /** The report of a finished walk. */
  static VerificationReport of(
      String namespace,
      String workflow,
      String source,
      Instant finishedAt,
      Duration duration,
      ChainCheck check) {
    return new VerificationReport(
        namespace,
        workflow,
        source,
        finishedAt,
        duration,
        check.checked(),
        check.broken(),
        check.firstBroken(),
        check.firstId(),
        check.lastId(),
        check.headHash(),
        check.anchor(),
        null);
  }

  /** Whether the walk ran and found nothing wrong. */
  public boolean intact() {
    return error == null && brokenLinks == 0;
  }

  /** Whether the walk could not run. */
  public boolean failed() {
    return error != null;
  }

  /** This report in the health report's form (the JSON of the endpoint and of the command). */
  public AuditHealthReport.Verification toReport() {
    AuditHealthReport.Verification v = new AuditHealthReport.Verification();
    v.setNamespace(namespace);
    v.setWorkflow(workflow);
    v.setSource(source);
    v.setTime(finishedAt.toString());
    v.setDurationMillis(duration.toMillis());
    v.setIntact(failed() ? null : intact());
    v.setEventsChecked(eventsChecked);
    v.setBrokenLinks(brokenLinks);
    v.setFirstBroken(firstBroken == null ? null : firstBroken.toReport());
    v.setFirstId(firstId);
    v.setLastId(lastId);
    v.setHeadHash(headHash);
    v.setAnchor(anchor == null ? null : anchor.toReport());
    v.setError(error);
    return v;
  }

  /** A few lines for people (the command's output). */
  public String describe() {
    String chain = (namespace.isEmpty() ? "" : namespace + "/") + workflow;
    StringBuilder out = new StringBuilder();
    if (failed()) {
      out.append("audit chain ").append(chain).append(": NOT VERIFIED: ").append(error);
      return out.toString();
    }
    out.append("audit chain ")
        .append(chain)
        .append(" (")
        .append(source)
        .append("): ")
        .append(intact() ? "INTACT" : "BROKEN")
        .append(", ")
        .append(eventsChecked)
        .append(" event(s) checked in ")
        .append(duration.toMillis())
        .append(" ms");
    if (firstId != null) {
      out.append("\n  events: ids ").append(firstId).append(" to ").append(lastId);
      out.append("\n  head hash: ").append(headHash);
    }
    if (anchor != null) {
      out.append("\n  starts after retention anchor ")
          .append(anchor.id())
          .append(": ")
          .append(anchor.purgedCount())
          .append(" event(s) purged up to id ")
          .append(anchor.lastPurgedId())
          .append(" (hash ")
          .append(anchor.lastPurgedHash())
          .append(") on ")
          .append(anchor.createdAt());
    }
    if (firstBroken != null) {
      out.append("\n  first broken link: ");
      if (firstBroken.id() != null) {
        out.append("event id ").append(firstBroken.id());
        if (firstBroken.eventId() != null) {
          out.append(" (").append(firstBroken.eventId()).append(')');
        }
        out.append(", ");
      }
      out.append(firstBroken.problem()).append(": ").append(firstBroken.detail());
      if (brokenLinks > 1) {
        out.append("\n  ").append(brokenLinks).append(" problem(s) in all");
      }
    }
    return out.toString();
  }
}
