package io.hubia.runtime.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into RFC 9457 problem details, the runtime API's only error format. */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    return e.toProblem(uri.getPath()).toResponse();
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
