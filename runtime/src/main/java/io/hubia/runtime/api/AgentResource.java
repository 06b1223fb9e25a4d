package io.hubia.runtime.api;

import io.hubia.runtime.config.ConfigWatcher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The agents served by this runtime: one workflow per runtime. */
@Path("/v1/agents")
@Tag(name = "agents")
public class AgentResource {
  private final ConfigWatcher config;

  public AgentResource(ConfigWatcher config) {
    this.config = config;
  }

  @GET
  @Path("/{workflow}")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Describe a served workflow",
      description =
          "The AgentWorkflow and PolicySet generations this runtime currently serves. Changes"
              + " when the operator renders a new configuration and the runtime reloads it.")
  @APIResponse(
      responseCode = "200",
      description = "The workflow is served here",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AgentInfo.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such workflow here (type " + ProblemTypes.WORKFLOW_NOT_FOUND + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "503",
      description =
          "No valid configuration loaded yet (type " + ProblemTypes.CONFIGURATION_UNAVAILABLE + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public AgentInfo get(@PathParam("workflow") String workflow) {
    return AgentInfo.of(config.served(workflow));
  }
}
