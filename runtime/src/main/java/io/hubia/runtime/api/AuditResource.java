package io.hubia.runtime.api;

import io.hubia.api.audit.AuditHealthReport;
import io.hubia.api.v1alpha1.spec.IdentitySpec;
import io.hubia.runtime.audit.AuditSettings;
import io.hubia.runtime.audit.AuditUnavailableException;
import io.hubia.runtime.audit.AuditVerifications;
import io.hubia.runtime.audit.VerificationReport;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import io.hubia.runtime.identity.Caller;
import io.hubia.runtime.identity.CallerAuthenticator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The audit trail's verification and health: {@code POST /v1/audit/verify?workflow=W} walks the
 * chain of a served workflow for a caller with the auditor role; {@code GET /v1/audit/health} is
 * what the operator reads into the AgentWorkflow's {@code status.audit}.
 */
@Path("/v1/audit")
@Tag(name = "audit")
public class AuditResource {
  private static final Logger LOG = Logger.getLogger(AuditResource.class);

  private final AuditVerifications verifications;
  private final ConfigWatcher config;
  private final CallerAuthenticator authenticator;
  private final AuditSettings settings;

  public AuditResource(
      AuditVerifications verifications,
      ConfigWatcher config,
      CallerAuthenticator authenticator,
      AuditSettings settings) {
    this.verifications = verifications;
    this.config = config;
    this.authenticator = authenticator;
    this.settings = settings;
  }

  @POST
  @Path("/verify")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Verify a workflow's audit chain",
      description =
          "Walks the hash chain of the served workflow's audit events in order, from its start or"
              + " its latest retention anchor, recomputing every hash and checking every link, and"
              + " reports the first broken link. The caller needs the auditor role"
              + " (hubia.audit.auditor-role, default 'auditor') in the roles claim of the"
              + " workflow's PolicySet. The result is kept and shown in GET /v1/audit/health. One"
              + " verification runs at a time per runtime; it reads the whole chain.")
  @APIResponse(
      responseCode = "200",
      description = "The chain was walked: intact says whether it holds",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AuditHealthReport.Verification.class)))
  @APIResponse(
      responseCode = "400",
      description = "No workflow parameter (type " + ProblemTypes.INVALID_REQUEST + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "401",
      description = "No bearer token or a rejected one",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "403",
      description = "The caller has not the auditor role (type " + ProblemTypes.FORBIDDEN + ")",
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
      responseCode = "409",
      description =
          "A verification is already running here (type " + ProblemTypes.VERIFICATION_RUNNING + ")",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "503",
      description =
          "No audit store is ready (type "
              + ProblemTypes.AUDIT_UNAVAILABLE
              + "): none configured, or its database cannot be read; or no configuration loaded",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public AuditHealthReport.Verification verify(
      @QueryParam("workflow") String workflow,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    if (workflow == null || workflow.isBlank()) {
      throw new ProblemException(
          ProblemTypes.INVALID_REQUEST,
          "Invalid request",
          400,
          "Name the workflow whose audit chain to verify: ?workflow=<name>.");
    }
    ConfigSnapshot snapshot = config.served(workflow);
    IdentitySpec identity =
        snapshot.config().getPolicy().getSpec() == null
            ? null
            : snapshot.config().getPolicy().getSpec().getIdentity();
    Caller caller = authenticator.authenticate(authorization, identity);
    if (!caller.hasRole(settings.auditorRole())) {
      throw new ProblemException(
          ProblemTypes.FORBIDDEN,
          "Forbidden",
          403,
          "Verifying the audit trail needs the role '" + settings.auditorRole() + "'.");
    }
    String namespace = snapshot.workflowNamespace() == null ? "" : snapshot.workflowNamespace();
    LOG.infof("Audit chain verification of %s requested by %s", workflow, caller.subject());
    Optional<VerificationReport> done;
    try {
      done = verifications.verify(namespace, workflow);
    } catch (AuditUnavailableException e) {
      throw new ProblemException(
          ProblemTypes.AUDIT_UNAVAILABLE,
          "Audit trail unavailable",
          503,
          "No audit store is ready here, so the chain cannot be read now. Try again later.");
    }
    VerificationReport report =
        done.orElseThrow(
            () ->
                new ProblemException(
                    ProblemTypes.VERIFICATION_RUNNING,
                    "Verification running",
                    409,
                    "A verification of the audit trail is already running here; its result"
                        + " will be in GET /v1/audit/health."));
    if (report.failed()) {
      // kept, with its error, in GET /v1/audit/health; the cause is in the logs
      throw new ProblemException(
          ProblemTypes.AUDIT_UNAVAILABLE,
          "Audit trail unavailable",
          503,
          "The audit database could not be read, so the chain was not verified. Try again later.");
    }
    return report.toReport();
  }

  @GET
  @Path("/health")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Audit trail health",
      description =
          "Whether the audit store can write, the events written and refused by this runtime"
              + " process, and the latest verification of each chain it serves. No personal data"
              + " and no credentials: the operator reads it without a token.")
  @APIResponse(
      responseCode = "200",
      description = "The health report",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AuditHealthReport.class)))
  public AuditHealthReport health() {
    return verifications.report();
  }
}
