package io.hubia.runtime.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.hubia.runtime.audit.AuditUnavailableException;
import io.hubia.runtime.identity.AuthenticationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into RFC 9457 problem details, the runtime API's only error format. */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return e.toProblem(uri.getPath()).toResponse();
  }

  /** A limit of the policy: 429, and when to retry, in seconds ({@code Retry-After}). */
  @ServerExceptionMapper
  public Response limitExceeded(LimitExceededException e, UriInfo uri) {
    return Response.fromResponse(e.toProblem(uri.getPath()).toResponse())
        .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
        .build();
  }

  /** A request held for approval: 409, its id and deadline, and where to fetch the result. */
  @ServerExceptionMapper
  public Response approvalPending(ApprovalPendingException e, UriInfo uri) {
    return Response.status(ApprovalPendingException.STATUS)
        .type(Problem.MEDIA_TYPE_PROBLEM)
        .entity(e.body(uri.getPath()))
        .location(e.location())
        .build();
  }

  /** A caller that cannot be authenticated: 401 (503 without the issuer's keys) and a challenge. */
  @ServerExceptionMapper
  public Response authentication(AuthenticationException e, UriInfo uri) {
    Response response = e.toProblem(uri.getPath()).toResponse();
    String challenge = e.challenge();
    return challenge == null
        ? response
        : Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
  }

  /**
   * No audit record, no answer: the request is refused. The detail stays generic; the cause is in
   * the logs and the {@code audit-store} readiness check, not in responses.
   */
  @ServerExceptionMapper
  public Response auditUnavailable(AuditUnavailableException e, UriInfo uri) {
    return new Problem(
            ProblemTypes.AUDIT_UNAVAILABLE,
            "Audit trail unavailable",
            503,
            "The audit trail cannot be written, so this request is refused. Try again later.",
            uri.getPath())
        .toResponse();
  }

  /**
   * A body that is not the JSON the endpoint reads: broken JSON, or a field of the wrong type (a
   * question sent as a list). Only these reading errors: a reply that cannot be written stays a
   * 500. Without this mapper Quarkus answers with its own JSON shape, which in dev and test mode
   * carries the offending value back. The detail names neither the value nor its position: a body
   * holds whatever the caller typed, and problem details end up in logs and on client screens.
   */
  @ServerExceptionMapper({JsonParseException.class, MismatchedInputException.class})
  public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
    return new Problem(
            ProblemTypes.INVALID_REQUEST,
            "Invalid request",
            400,
            "The body is not the JSON this endpoint reads: check its syntax and the type of each"
                + " field (see /q/openapi).",
            uri.getPath())
        .toResponse();
  }

  /** Errors raised by the HTTP layer itself (unknown path, wrong method, bad media type...). */
  @ServerExceptionMapper
  public Response http(WebApplicationException e, UriInfo uri) {
    Response.StatusType status = e.getResponse().getStatusInfo();
    return new Problem(
            ProblemTypes.ABOUT_BLANK,
            status.getReasonPhrase(),
            status.getStatusCode(),
            null,
            uri.getPath())
        .toResponse();
  }
}
