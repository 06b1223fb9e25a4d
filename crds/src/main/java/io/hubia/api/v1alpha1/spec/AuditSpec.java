package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import lombok.Data;

/** Audit trail settings. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditSpec {
  @JsonPropertyDescription(
      "Refuse to answer (503) when the audit event cannot be written. Defaults to true; false"
          + " must be a deliberate choice.")
  private Boolean failClosed;

  @JsonPropertyDescription("Keep questions as Text, as a Hash, or None. Defaults to Hash.")
  private QuestionStorage questionStorage;

  @JsonPropertyDescription("Keep answers in the audit trail. Defaults to true.")
  private Boolean storeAnswers;

  @Min(1)
  @Max(3650)
  @JsonPropertyDescription("Days audit events are kept. Defaults to 365.")
  private Integer retentionDays;
}
