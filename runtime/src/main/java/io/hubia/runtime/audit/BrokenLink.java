package io.hubia.runtime.audit;

import io.hubia.api.audit.AuditHealthReport;
import java.util.UUID;

/**
 * Where a chain fails a check.
 *
 * @param id database id of the event (its line's {@code id} in an export file); {@code null} when
 *     the problem is not one event's (an export file cut short)
 * @param eventId the event's id, when known
 * @param problem what is wrong
 * @param detail what was expected and what was found (hashes and ids only, never content)
 */
public record BrokenLink(Long id, UUID eventId, Problem problem, String detail) {

  /** What can be wrong with a chain. Names are part of the reports' contract: never rename one. */
  public enum Problem {
    /**
     * The event's content does not hash to its stored hash: it was changed after it was written.
     */
    HashMismatch,
    /**
     * The event does not link to the event before it: events between were deleted, or the chain was
     * reordered, or the previous event's stored hash was rewritten.
     */
    PrevLinkMismatch,
    /**
     * The chain's first event links to a previous event but no anchor records a purge: events were
     * deleted from the start of the chain without the retention procedure.
     */
    UnanchoredGap,
    /** The chain's first event does not link to the hash its latest retention anchor recorded. */
    AnchorMismatch,
    /** The event cannot be read back or hashed (unknown hash version, unparsable JSON...). */
    UnreadableEvent,
    /** An export file without its header or trailer, or whose trailer does not match its lines. */
    IncompleteExport
  }

  /** This link in the health report's form. */
  public AuditHealthReport.BrokenLink toReport() {
    AuditHealthReport.BrokenLink b = new AuditHealthReport.BrokenLink();
    b.setId(id);
    b.setEventId(eventId == null ? null : eventId.toString());
    b.setProblem(problem.name());
    b.setDetail(detail);
    return b;
  }
}
