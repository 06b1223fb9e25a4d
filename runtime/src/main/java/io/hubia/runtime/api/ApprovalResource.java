package io.hubia.runtime.api;

import io.hubia.runtime.agent.ApprovalDesk;
import io.hubia.runtime.approval.ApprovalRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Human approval: approvers list and decide the requests held for a workflow; the caller who asked
 * fetches the result. Errors are problem details: 400 invalid, 401 unauthenticated, 403 not an
 * approver (or approving one's own request), 404 unknown request, 409 pending or already decided,
 * 503 audit store unavailable.
 */
@Path("/v1/agents/{workflow}/approvals")
@Tag(name = "approvals")
@SecurityRequirement(name = "bearer")
public class ApprovalResource {
  private final ApprovalDesk desk;

  public ApprovalResource(ApprovalDesk desk) {
    this.desk = desk;
  }

  /** The body of a decision. */
  @Schema(name = "ApprovalDecision")
  public record Decision(
      @Schema(description = "Why; required to reject, at most 1000 characters") String reason) {}

  @GET
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "List approval requests",
      description =
          "The requests held for this workflow, oldest first, for an approver named by the"
              + " PolicySet (spec.approvals.approvers). status=pending|approved|rejected filters.")
  @APIResponse(
      responseCode = "200",
      description = "The requests",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApprovalView[].class)))
  public List<ApprovalView> list(
      @PathParam("workflow") String workflow,
      @QueryParam("status") String status,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return desk.list(workflow, authorization, status(status));
  }

  @GET
  @Path("/{id}")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "One approval request",
      description =
          "Who asked, what waits, why, the deadline and the outcome; for an approver or"
              + " the caller who asked.")
  @APIResponse(
      responseCode = "200",
      description = "The request",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApprovalView.class)))
  public ApprovalView get(
      @PathParam("workflow") String workflow,
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return desk.get(workflow, id(id), authorization);
  }

  @POST
  @Path("/{id}/approve")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Approve a request",
      description =
          "Decides a pending request: an answer is then given as it was held; a tool call is made"
              + " and the request answered again with its result. The caller who asked fetches"
              + " the reply from .../result. Nobody approves their own request.")
  @APIResponse(
      responseCode = "200",
      description = "Decided; resultReady says whether the reply is ready",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApprovalView.class)))
  public ApprovalView approve(
      @PathParam("workflow") String workflow,
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      Decision decision) {
    return desk.decide(
        workflow, id(id), authorization, true, decision == null ? null : decision.reason());
  }

  @POST
  @Path("/{id}/reject")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Reject a request",
      description =
          "Decides a pending request: the caller who asked gets the policy's fallback message"
              + " (fallbackReason approval_rejected). A reason is required.")
  @APIResponse(
      responseCode = "200",
      description = "Decided",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ApprovalView.class)))
  public ApprovalView reject(
      @PathParam("workflow") String workflow,
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      Decision decision) {
    return desk.decide(
        workflow, id(id), authorization, false, decision == null ? null : decision.reason());
  }

  @GET
  @Path("/{id}/result")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "The result of a held request",
      description =
          "For the caller who asked: 409 approval-pending (with requestId and deadline) until a"
              + " decision, then the reply, the same every time: the answer once approved, the"
              + " fallback message (approval_rejected, approval_expired) otherwise.")
  @APIResponse(
      responseCode = "200",
      description = "The reply",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AskResponse.class)))
  @APIResponse(
      responseCode = "409",
      description = "Not decided yet (type " + ProblemTypes.APPROVAL_PENDING + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public AskResponse result(
      @PathParam("workflow") String workflow,
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    return desk.result(workflow, id(id), authorization);
  }

  private static UUID id(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ProblemTypes.APPROVAL_NOT_FOUND,
          "No such approval request",
          404,
          "Approval request ids are UUIDs, as given in the 409 reply.");
    }
  }

  private static ApprovalRequest.Status status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return ApprovalRequest.Status.of(status.strip());
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ProblemTypes.INVALID_REQUEST,
          "Invalid request",
          400,
          "status is pending, approved or rejected.");
    }
  }
}
