package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Health of the workflow's audit trail, as its runtime reports it (GET /v1/audit/health). */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditHealth {
  @JsonPropertyDescription(
      "Healthy, Degraded (audit writes failing or a broken chain) or Unknown (no runtime could be"
          + " asked). The AuditHealthy condition says why.")
  private String state;

  @JsonPropertyDescription(
      "Audit events written by the runtime process that answered the latest read (each replica"
          + " counts its own, since it started).")
  private Long eventsWritten;

  @JsonPropertyDescription("Time of the latest audit event that process wrote (RFC 3339).")
  private String lastEventTime;

  @JsonPropertyDescription(
      "Whether the latest verification of the workflow's hash chain that ran found it intact;"
          + " absent before the first.")
  private Boolean chainVerified;

  @JsonPropertyDescription("When that verification ran (RFC 3339).")
  private String lastVerificationTime;

  @JsonPropertyDescription(
      "Audit writes that process could not make (requests then refused when failing closed).")
  private Long failures;
}
