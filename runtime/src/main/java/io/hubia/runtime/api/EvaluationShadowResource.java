package io.hubia.runtime.api;

import io.hubia.runtime.agent.ShadowRegistry;
import io.hubia.runtime.agent.ShadowService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/agents/{workflow}/evaluation/shadows}: shadow copies of a workflow's indexes with
 * planted documents, for the evaluation harness's indirect-injection suite. 404 on every path
 * unless {@code hubia.evaluation.shadows-enabled}.
 */
@Path("/v1/agents/{workflow}/evaluation/shadows")
@Tag(name = "evaluation")
public class EvaluationShadowResource {
  private final ShadowService service;
  private final ShadowRegistry registry;

  public EvaluationShadowResource(ShadowService service, ShadowRegistry registry) {
    this.service = service;
    this.registry = registry;
  }

  /** The request body. */
  public record CreateRequest(List<ShadowService.PlantedDocument> documents) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @SecurityRequirement(name = "bearer")
  @Operation(
      summary = "Create an evaluation shadow",
      description =
          "Copies each index of the workflow into a new shadow index and plants the documents"
              + " given; questions with the header Hubia-Shadow read the shadow. Only when"
              + " hubia.evaluation.shadows-enabled; expires after an hour.")
  @APIResponse(responseCode = "201", description = "The shadow, with a Location")
  @APIResponse(responseCode = "400", description = "Invalid documents (invalid-request)")
  @APIResponse(responseCode = "404", description = "Shadows disabled, or no such workflow")
  @APIResponse(responseCode = "409", description = "Too many live shadows (shadow-limit-reached)")
  public Response create(
      @PathParam("workflow") String workflow,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      CreateRequest request,
      @jakarta.ws.rs.core.Context UriInfo uri) {
    registry.requireEnabled();
    if (request == null) {
      throw new ProblemException(
          ProblemTypes.INVALID_REQUEST,
          "Invalid shadow request",
          400,
          "documents: send a JSON body {\"documents\": [{\"id\", \"title\", \"text\", \"labels\"}]}");
    }
    ShadowService.Created created = service.create(workflow, authorization, request.documents());
    return Response.created(uri.getAbsolutePathBuilder().path(created.shadow()).build())
        .type(MediaType.APPLICATION_JSON)
        .entity(created)
        .build();
  }

  @DELETE
  @Path("/{id}")
  @Produces(Problem.MEDIA_TYPE)
  @SecurityRequirement(name = "bearer")
  @Operation(summary = "Delete an evaluation shadow and its indexes")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(responseCode = "404", description = "Shadows disabled, or no such shadow")
  public Response delete(
      @PathParam("workflow") String workflow,
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    registry.requireEnabled();
    service.authenticate(workflow, authorization);
    registry.delete(workflow, id);
    return Response.noContent().build();
  }
}
