package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Health of the workflow's audit trail. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditHealth {
  @JsonPropertyDescription("Healthy, Degraded (failures or a broken chain) or Unknown.")
  private String state;

  @JsonPropertyDescription("Audit events written since the audit store was created.")
  private Long eventsWritten;

  @JsonPropertyDescription("Time of the latest audit event (RFC 3339).")
  private String lastEventTime;

  @JsonPropertyDescription("Whether the latest verification found the hash chain intact.")
  private Boolean chainVerified;

  @JsonPropertyDescription("When the chain was last verified (RFC 3339).")
  private String lastVerificationTime;

  @JsonPropertyDescription("Audit writes that failed (requests then refused when failing closed).")
  private Long failures;
}
