package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** Gives a sensitivity level to documents carrying a label. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SensitivityLabel {
  @Required
  @Pattern(Patterns.LABEL)
  @Size(max = 128)
  @JsonPropertyDescription("Document label, e.g. confidential or rh.")
  private String label;

  @Required
  @JsonPropertyDescription("Sensitivity of documents with this label.")
  private Sensitivity sensitivity;
}
