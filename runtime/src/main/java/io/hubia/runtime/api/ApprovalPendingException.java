package io.hubia.runtime.api;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A request held for a human's approval: 409 problem details carrying the request id and its
 * deadline as extension members, and a {@code Location} header where the caller fetches the result
 * once decided ({@link ProblemMappers}).
 */
public class ApprovalPendingException extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** The status of a held request. */
  public static final int STATUS = 409;

  private final UUID requestId;
  private final Instant deadline;
  private final String kind;
  private final String workflow;

  /**
   * @param workflow the workflow asked
   * @param requestId the approval request's id
   * @param kind {@code tool} or {@code answer}
   * @param deadline when the policy's timeout outcome applies
   * @param detail why, without the question, the answer or an argument
   */
  public ApprovalPendingException(
      String workflow, UUID requestId, String kind, Instant deadline, String detail) {
    super(ProblemTypes.APPROVAL_PENDING, "Approval pending", STATUS, detail);
    this.workflow = workflow;
    this.requestId = requestId;
    this.kind = kind;
    this.deadline = deadline;
  }

  /**
   * Where the caller fetches the result: {@code GET /v1/agents/{workflow}/approvals/{id}/result}.
   */
  public URI location() {
    return URI.create("/v1/agents/" + workflow + "/approvals/" + requestId + "/result");
  }

  /** The problem's members followed by {@code requestId}, {@code kind} and {@code deadline}. */
  public Map<String, Object> body(String instance) {
    Problem problem = toProblem(instance);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.type());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.detail());
    body.put("instance", problem.instance());
    body.put("requestId", requestId.toString());
    body.put("kind", kind);
    body.put("deadline", deadline.toString());
    body.put("location", location().toString());
    return body;
  }
}
