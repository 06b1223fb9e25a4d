package io.hubia.runtime.identity;

import io.hubia.runtime.api.Problem;
import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.api.ProblemTypes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code POST /v1/dev/token}: local mode's token issuer. Absent (404, whatever the method) unless
 * {@code hubia.dev-issuer.enabled=true}; left out of the OpenAPI document, which describes the
 * runtime as deployed.
 */
@Path("/v1/dev")
public class DevTokenResource {
  static final String PATH = "/v1/dev";

  private final CallerAuthenticator authenticator;

  public DevTokenResource(CallerAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * A token request.
   *
   * @param subject the {@code sub} of the token
   * @param claims further claims, e.g. {@code {"realm_access": {"roles": ["member"]}}}
   * @param ttlSeconds lifetime, default {@code hubia.dev-issuer.default-ttl}
   */
  public record TokenRequest(String subject, Map<String, Object> claims, Long ttlSeconds) {}

  /**
   * A signed token.
   *
   * @param token the JWT, to send as {@code Authorization: Bearer <token>}
   * @param expiresAt its expiry (ISO-8601)
   */
  public record TokenResponse(String token, String expiresAt) {}

  @POST
  @Path("/token")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(hidden = true)
  public TokenResponse token(TokenRequest request) {
    DevTokenIssuer issuer = authenticator.devIssuer().orElseThrow(NotFoundException::new);
    if (request == null) {
      throw invalid("a JSON body {\"subject\": ...} is required");
    }
    try {
      DevTokenIssuer.Issued issued =
          issuer.issue(request.subject(), request.claims(), request.ttlSeconds());
      return new TokenResponse(issued.token(), issued.expiresAt().toString());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemTypes.INVALID_REQUEST, "Invalid request", 400, detail);
  }

  /** Makes {@code /v1/dev/**} absent for every method while the issuer is disabled. */
  public static class Gate {
    private final CallerAuthenticator authenticator;

    public Gate(CallerAuthenticator authenticator) {
      this.authenticator = authenticator;
    }

    @ServerRequestFilter(preMatching = true)
    public Response absentUnlessEnabled(ContainerRequestContext request) {
      if (authenticator.devIssuer().isPresent()) {
        return null;
      }
      String path = request.getUriInfo().getPath();
      if (path.equals(PATH) || path.startsWith(PATH + "/")) {
        return new Problem(ProblemTypes.ABOUT_BLANK, "Not Found", 404, null, path).toResponse();
      }
      return null;
    }
  }
}
