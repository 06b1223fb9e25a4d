package io.hubia.runtime.api;

import io.hubia.runtime.agent.AskService;
import io.hubia.runtime.agent.ShadowRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /v1/agents/{workflow}/ask}: a question to an agent, answered with its sources. */
@Path("/v1/agents")
@Tag(name = "agents")
public class AskResource {
  private final AskService service;

  public AskResource(AskService service) {
    this.service = service;
  }

  @POST
  @Path("/{workflow}/ask")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Ask an agent",
      description =
          "Answers from the documents the caller may read, with numbered citations [n]; every"
              + " claim is verified against the cited passage. When the sources are not enough,"
              + " the reply is the policy's fallback message with fallback: true.")
  @APIResponse(
      responseCode = "200",
      description = "An answer with its citations, or a fallback",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AskResponse.class)))
  @APIResponse(
      responseCode = "400",
      description = "Invalid question (type " + ProblemTypes.INVALID_REQUEST + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "401",
      description =
          "No or invalid bearer token (types "
              + ProblemTypes.AUTHENTICATION_REQUIRED
              + ", "
              + ProblemTypes.INVALID_TOKEN
              + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such workflow here (type " + ProblemTypes.WORKFLOW_NOT_FOUND + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "429",
      description =
          "A limit of the policy: requests per minute (type "
              + ProblemTypes.RATE_LIMITED
              + ") or model tokens per day (type "
              + ProblemTypes.TOKEN_BUDGET_EXHAUSTED
              + "), of the caller or of the workflow",
      headers =
          @Header(
              name = HttpHeaders.RETRY_AFTER,
              description = "Seconds to wait before a retry may succeed",
              schema = @Schema(type = SchemaType.INTEGER)),
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "503",
      description =
          "A dependency is unavailable: search, audit store, identity provider, configuration"
              + " (types "
              + ProblemTypes.SEARCH_UNAVAILABLE
              + ", "
              + ProblemTypes.AUDIT_UNAVAILABLE
              + ", ...)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public AskResponse ask(
      @PathParam("workflow") String workflow,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(ShadowRegistry.HEADER) String shadow,
      AskRequest request) {
    if (request == null) {
      throw new ProblemException(
          ProblemTypes.INVALID_REQUEST,
          "Invalid question",
          400,
          "Send a JSON body {\"question\": \"...\"}.");
    }
    return service.ask(
        workflow, authorization, request.question(), request.conversationId(), shadow);
  }
}
