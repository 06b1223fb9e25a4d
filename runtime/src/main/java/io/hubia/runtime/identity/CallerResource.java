package io.hubia.runtime.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hubia.runtime.api.Problem;
import io.hubia.runtime.api.ProblemTypes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /v1/me}: who the runtime takes the caller for, as policies will see them. */
@Path("/v1/me")
@Tag(name = "identity")
public class CallerResource {
  private final CallerAuthenticator authenticator;

  public CallerResource(CallerAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * The authenticated caller.
   *
   * @param subject the token's subject
   * @param issuer the token's issuer
   * @param roles the roles read from the PolicySet's roles claim
   * @param attributes the PolicySet's named attributes and their values
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "CallerInfo", description = "The authenticated caller")
  public record CallerInfo(
      String subject, String issuer, List<String> roles, Map<String, List<String>> attributes) {}

  @GET
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Describe the caller",
      description =
          "Verifies the bearer token and returns the subject, roles and attributes read from it"
              + " with the current PolicySet's identity settings.")
  @APIResponse(
      responseCode = "200",
      description = "The caller",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CallerInfo.class)))
  @APIResponse(
      responseCode = "401",
      description =
          "No bearer token (type "
              + ProblemTypes.AUTHENTICATION_REQUIRED
              + ") or a rejected one (type "
              + ProblemTypes.INVALID_TOKEN
              + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "503",
      description =
          "The identity provider's keys cannot be fetched (type "
              + ProblemTypes.IDENTITY_UNAVAILABLE
              + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public CallerInfo me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    Caller caller = authenticator.authenticate(authorization);
    return new CallerInfo(caller.subject(), caller.issuer(), caller.roles(), caller.attributes());
  }
}
