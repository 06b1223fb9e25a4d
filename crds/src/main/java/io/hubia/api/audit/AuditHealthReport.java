package io.hubia.api.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import lombok.Data;

/**
 * The audit trail's health as a runtime reports it at {@value #PATH} and the operator reads it into
 * an AgentWorkflow's {@code status.audit}: what the runtime wrote, what failed, and the latest
 * verification of each chain it serves. One definition, read by both sides.
 *
 * <p>It holds no personal data (no subject, question, answer or claim; event ids and hashes only)
 * and no credentials, so the endpoint needs no authentication: the operator reads it through the
 * workflow's Service. Readers ignore fields they do not know, so that a newer runtime can add some.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AuditHealthReport {
  /** Version of this format. */
  public static final int FORMAT_VERSION = 1;

  /** Path of the endpoint on the runtime's HTTP port. */
  public static final String PATH = "/v1/audit/health";

  /** Store states, from the runtime's point of view. */
  public static final String NOT_CONFIGURED = "NotConfigured";

  public static final String SCHEMA_PENDING = "SchemaPending";
  public static final String ACTIVE = "Active";

  private int formatVersion = FORMAT_VERSION;

  /** {@link #NOT_CONFIGURED}, {@link #SCHEMA_PENDING} or {@link #ACTIVE}. */
  private String state;

  /** Whether an append would be attempted now and the latest append or probe succeeded. */
  private boolean canWrite;

  /** The policy's {@code audit.failClosed}: whether requests are refused without audit. */
  private Boolean failClosed;

  /** Events written by this runtime process. */
  private long eventsWritten;

  /** Appends refused by this runtime process (unreachable, unconfigured or unmigrated store). */
  private long failures;

  /** Appends and probes failed since the last success. */
  private long consecutiveFailures;

  /** When this process last wrote an event (RFC 3339), if it did. */
  private String lastEventTime;

  /** When an append or probe last succeeded (RFC 3339). */
  private String lastSuccessTime;

  /** The latest failure, without credentials or event content. */
  private String lastError;

  /** When it happened (RFC 3339). */
  private String lastErrorTime;

  /** The latest verification of each chain this runtime serves, if one ran. */
  private List<Verification> verifications = new ArrayList<>();

  /** The latest verification of a chain, if this report has one. */
  @JsonIgnore
  public Optional<Verification> verificationOf(String namespace, String workflow) {
    String ns = namespace == null ? "" : namespace;
    return verifications == null
        ? Optional.empty()
        : verifications.stream()
            .filter(v -> Objects.equals(v.getWorkflow(), workflow))
            .filter(v -> Objects.equals(v.getNamespace() == null ? "" : v.getNamespace(), ns))
            .findFirst();
  }

  /** The result of walking one chain (namespace, workflow), or an export file of it. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Verification {
    private String namespace;
    private String workflow;

    /** {@code database}, or {@code file} for an export file. */
    private String source;

    /** When the verification finished (RFC 3339). */
    private String time;

    private long durationMillis;

    /**
     * Whether every event checked has the hash of its content and links to the one before; null
     * when the verification could not run ({@link #error}).
     */
    private Boolean intact;

    private long eventsChecked;

    /** Events that failed a check, the first one included. */
    private long brokenLinks;

    /** The first event that failed a check. */
    private BrokenLink firstBroken;

    /** Database id of the first and last event checked. */
    private Long firstId;

    private Long lastId;

    /** Hash of the last event checked: the chain's head, to compare with a later verification. */
    private String headHash;

    /** The retention anchor the chain starts from, when events were purged. */
    private Anchor anchor;

    /** Why the verification could not run (store unreachable...). */
    private String error;
  }

  /** Where and how a chain is broken. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class BrokenLink {
    /** Database id of the event. */
    private Long id;

    private String eventId;

    /**
     * {@code HashMismatch}, {@code PrevLinkMismatch}, {@code UnanchoredGap}, {@code
     * AnchorMismatch}, {@code UnreadableEvent} or {@code IncompleteExport}.
     */
    private String problem;

    /** What was expected and what was found. */
    private String detail;
  }

  /** A retention purge of the chain's oldest events. */
  @Data
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Anchor {
    private Long id;
    private Long lastPurgedId;
    private String lastPurgedEventId;

    /** When the last purged event occurred (RFC 3339). */
    private String lastPurgedAt;

    private String lastPurgedHash;
    private Long purgedCount;

    /** Events that occurred before this time were to be purged (RFC 3339). */
    private String cutoff;

    /** When the purge ran (RFC 3339). */
    private String createdAt;
  }
}
