package io.hubia.runtime.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem details object, sent as {@value #MEDIA_TYPE}.
 *
 * @param type stable URI naming the kind of problem (one of {@link ProblemTypes}, or {@code
 *     about:blank} for a plain HTTP status)
 * @param title short summary of the kind of problem, the same for every occurrence
 * @param status the HTTP status code
 * @param detail what went wrong this time
 * @param instance the path of the request
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(String type, String title, int status, String detail, String instance) {
  public static final String MEDIA_TYPE = "application/problem+json";
  public static final MediaType MEDIA_TYPE_PROBLEM = MediaType.valueOf(MEDIA_TYPE);

  /** This problem as a response with the problem media type. */
  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE_PROBLEM).entity(this).build();
  }
}
