package io.hubia.runtime.audit;

import io.hubia.runtime.audit.BrokenLink.Problem;
import java.util.Objects;
import java.util.UUID;

/**
 * Checks the events of one chain one after the other, in chain order, holding only the previous
 * event's hash: what lets {@link AuditVerifier} walk millions of rows, from the database or from an
 * export file, in constant memory.
 *
 * <p>Each event must hash to its stored hash, and link ({@code prevHash}) to the stored hash of the
 * event before it; the first event must link to where the chain starts: nothing (a chain never
 * purged), the latest retention anchor, or the event an export file says it follows. After a
 * failure the walk goes on from the failing event's stored hash, so that one change is reported
 * once and the events after it are still checked.
 */
final class ChainCheck {
  /** Where the first event must link to. */
  private enum Start {
    /** The database chain: no anchor, so the first event starts the chain. */
    CHAIN,
    /** The database chain after a purge: the first event follows the anchor's last purged event. */
    ANCHOR,
    /** An export file: the first event follows what the file's header names. */
    EXPORT
  }

  private final Start start;
  private final String startHash;
  private final AuditAnchor anchor;
  private final String startDescription;

  private boolean first = true;
  private String previousHash;
  private Long previousId;
  private long checked;
  private long broken;
  private BrokenLink firstBroken;
  private Long firstId;
  private Long lastId;

  private ChainCheck(Start start, String startHash, AuditAnchor anchor, String startDescription) {
    this.start = start;
    this.startHash = startHash;
    this.anchor = anchor;
    this.startDescription = startDescription;
  }

  /** A database chain whose latest anchor is {@code anchor} ({@code null}: never purged). */
  static ChainCheck fromAnchor(AuditAnchor anchor) {
    return anchor == null
        ? new ChainCheck(Start.CHAIN, null, null, "the start of the chain")
        : new ChainCheck(
            Start.ANCHOR,
            anchor.lastPurgedHash(),
            anchor,
            "anchor " + anchor.id() + " (last purged event id " + anchor.lastPurgedId() + ")");
  }

  /**
   * An export file whose first event links to {@code prevHash} ({@code null}: it starts the chain),
   * which the header describes as {@code description}.
   */
  static ChainCheck fromExportStart(String prevHash, String description) {
    return new ChainCheck(Start.EXPORT, prevHash, null, description);
  }

  /**
   * Checks the next event.
   *
   * @param id its database id
   * @param eventId its event id
   * @param prevHash its stored {@code prev_hash}
   * @param storedHash its stored {@code hash}
   * @param computedHash the hash of its content as read
   */
  void accept(long id, UUID eventId, String prevHash, String storedHash, String computedHash) {
    BrokenLink link = linkProblem(id, eventId, prevHash);
    if (link == null && !Objects.equals(storedHash, computedHash)) {
      link =
          new BrokenLink(
              id,
              eventId,
              Problem.HashMismatch,
              "event "
                  + id
                  + " hashes to "
                  + computedHash
                  + " but its stored hash is "
                  + storedHash
                  + ": its content was changed after it was written");
    }
    next(id, storedHash, link);
  }

  /** Counts an event that could not be read or hashed, as a broken link. */
  void unreadable(Long id, UUID eventId, String storedHash, String why) {
    next(id, storedHash, new BrokenLink(id, eventId, Problem.UnreadableEvent, why));
  }

  /** Records a problem that is not one event's (an export file cut short). */
  void fail(Problem problem, String detail) {
    broken++;
    if (firstBroken == null) {
      firstBroken = new BrokenLink(null, null, problem, detail);
    }
  }

  private BrokenLink linkProblem(long id, UUID eventId, String prevHash) {
    if (!first) {
      if (Objects.equals(prevHash, previousHash)) {
        return null;
      }
      return new BrokenLink(
          id,
          eventId,
          Problem.PrevLinkMismatch,
          "event "
              + id
              + " links to "
              + prevHash
              + " but the event before it (id "
              + previousId
              + ") has hash "
              + previousHash
              + ": events between them were deleted, or the chain was reordered or rewritten");
    }
    if (start == Start.ANCHOR && id <= anchor.lastPurgedId()) {
      return new BrokenLink(
          id,
          eventId,
          Problem.AnchorMismatch,
          "event "
              + id
              + " is still stored but "
              + startDescription
              + " records it as purged: the events before the anchor were put back or the anchor"
              + " was forged");
    }
    if (Objects.equals(prevHash, startHash)) {
      return null;
    }
    return switch (start) {
      case CHAIN ->
          new BrokenLink(
              id,
              eventId,
              Problem.UnanchoredGap,
              "the first event stored (id "
                  + id
                  + ") links to "
                  + prevHash
                  + " but no retention anchor records a purge: events were deleted from the start"
                  + " of the chain outside the retention procedure");
      case ANCHOR ->
          new BrokenLink(
              id,
              eventId,
              Problem.AnchorMismatch,
              "the first event stored (id "
                  + id
                  + ") links to "
                  + prevHash
                  + " but "
                  + startDescription
                  + " records hash "
                  + startHash
                  + ": events after the purge were deleted, or the anchor was changed");
      case EXPORT ->
          new BrokenLink(
              id,
              eventId,
              Problem.PrevLinkMismatch,
              "the first event of the file (id "
                  + id
                  + ") links to "
                  + prevHash
                  + " but the header says it follows "
                  + startDescription
                  + " with hash "
                  + startHash);
    };
  }

  private void next(Long id, String storedHash, BrokenLink link) {
    checked++;
    if (firstId == null) {
      firstId = id;
    }
    lastId = id;
    if (link != null) {
      broken++;
      if (firstBroken == null) {
        firstBroken = link;
      }
    }
    first = false;
    previousHash = storedHash;
    previousId = id;
  }

  long checked() {
    return checked;
  }

  long broken() {
    return broken;
  }

  BrokenLink firstBroken() {
    return firstBroken;
  }

  Long firstId() {
    return firstId;
  }

  Long lastId() {
    return lastId;
  }

  /** The stored hash of the last event checked, or {@code null} before the first. */
  String headHash() {
    return previousHash;
  }

  AuditAnchor anchor() {
    return anchor;
  }
}
