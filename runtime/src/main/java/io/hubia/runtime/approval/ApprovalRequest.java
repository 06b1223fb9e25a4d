package io.hubia.runtime.approval;

import io.hubia.api.v1alpha1.spec.ApprovalTimeoutAction;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request held for a human's decision, as stored in {@code approval_request}.
 *
 * @param id the request id the caller receives with its 409
 * @param namespace the AgentWorkflow's namespace ({@code ""} in local mode)
 * @param workflow the AgentWorkflow's name
 * @param kind what waits: a tool call or an answer
 * @param subject who asked (the caller's {@code sub})
 * @param caller what is needed to run the request again once approved: the caller's roles,
 *     attributes and audit claims ({@link HeldCaller}); {@code null} once delivered or expired
 * @param question the question as the pipeline saw it (redacted when the policy says so); {@code
 *     null} once delivered or expired
 * @param conversationId the conversation the question belongs to, if any
 * @param what what the approver decides on: {@code {"tool": ..., "arguments": {...}}} with redacted
 *     arguments, or {@code {"answer": ..., "citations": [...], "confidence": ...}}
 * @param why the rule that asked for approval, e.g. {@code tool_requires_approval} or {@code
 *     low_confidence: 0.41 < 0.60}
 * @param traceId the trace id of the request that was held
 * @param createdAt when it was held
 * @param deadline when the policy's {@code onTimeout} outcome applies if nobody decided
 * @param onTimeout that outcome
 * @param status pending, approved or rejected
 * @param decidedBy the approver's subject, or {@link #TIMEOUT} for a decision by the deadline
 * @param decidedAt when it was decided
 * @param decisionReason the approver's reason (redacted like audit text)
 * @param result the reply the caller receives (an {@code AskResponse} as JSON) once decided
 * @param deliveredAt when the caller first received it
 */
public record ApprovalRequest(
    UUID id,
    String namespace,
    String workflow,
    Kind kind,
    String subject,
    HeldCaller caller,
    String question,
    String conversationId,
    Map<String, Object> what,
    String why,
    String traceId,
    Instant createdAt,
    Instant deadline,
    ApprovalTimeoutAction onTimeout,
    Status status,
    String decidedBy,
    Instant decidedAt,
    String decisionReason,
    String result,
    Instant deliveredAt) {

  /** The {@code decidedBy} of a decision taken by the deadline. */
  public static final String TIMEOUT = "timeout";

  public ApprovalRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    namespace = namespace == null ? "" : namespace;
    what = what == null ? Map.of() : Map.copyOf(what);
    status = status == null ? Status.PENDING : status;
  }

  /** What waits for approval. */
  public enum Kind {
    /** A tool call the policy allows only with approval; approved, the request runs again. */
    TOOL,
    /** An answer below the policy's confidence threshold; approved, it is given as it is. */
    ANSWER;

    /** The value stored and shown in the API. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Kind of(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** Where a request stands. */
  public enum Status {
    PENDING,
    APPROVED,
    REJECTED;

    /** The value stored and shown in the API. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The status named {@code value} (case-insensitive). */
    public static Status of(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** Whether an approver or the deadline decided it. */
  public boolean decided() {
    return status != Status.PENDING;
  }

  /** Whether it was decided by its deadline rather than by an approver. */
  public boolean timedOut() {
    return TIMEOUT.equals(decidedBy);
  }

  /** Whether its deadline has passed while it is still pending. */
  public boolean expired(Instant now) {
    return status == Status.PENDING && !now.isBefore(deadline);
  }
}
