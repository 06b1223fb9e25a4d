package io.hubia.runtime.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hubia.runtime.approval.ApprovalRequest;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An approval request as approvers and the requester see it: who, what, why, deadline, outcome.
 *
 * @param id the request id
 * @param workflow the workflow asked
 * @param kind {@code tool} (a tool call) or {@code answer} (an answer below the confidence
 *     threshold)
 * @param status {@code pending}, {@code approved} or {@code rejected}
 * @param subject who asked
 * @param question the question (redacted when the policy redacts questions); absent once the result
 *     is given
 * @param what the tool and its (redacted) arguments, or the held answer with its citations and
 *     confidence
 * @param why the rule that asked for approval
 * @param createdAt when it was held
 * @param deadline when {@code onTimeout} applies if nobody decided
 * @param onTimeout {@code Approve} or {@code Reject}
 * @param decidedBy the approver, or {@code timeout}
 * @param decidedAt when
 * @param decisionReason the approver's reason
 * @param resultReady whether the requester can fetch the result
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ApprovalRequest", description = "A request held for a human's approval")
public record ApprovalView(
    String id,
    String workflow,
    String kind,
    String status,
    String subject,
    String question,
    Map<String, Object> what,
    String why,
    Instant createdAt,
    Instant deadline,
    String onTimeout,
    String decidedBy,
    Instant decidedAt,
    String decisionReason,
    boolean resultReady) {

  /**
   * This view without what waits and the question, for an approver who may not read the documents
   * they rest on.
   */
  public ApprovalView withheld() {
    return new ApprovalView(
        id,
        workflow,
        kind,
        status,
        subject,
        null,
        Map.of("withheld", "rests on documents you may not read"),
        why,
        createdAt,
        deadline,
        onTimeout,
        decidedBy,
        decidedAt,
        decisionReason,
        resultReady);
  }

  /** The view of {@code r}. */
  public static ApprovalView of(ApprovalRequest r) {
    return new ApprovalView(
        r.id().toString(),
        r.workflow(),
        r.kind().value(),
        r.status().value(),
        r.subject(),
        r.question(),
        r.what(),
        r.why(),
        r.createdAt(),
        r.deadline(),
        r.onTimeout().name(),
        r.decidedBy(),
        r.decidedAt(),
        r.decisionReason(),
        r.result() != null);
  }
}
