package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Where data of one sensitivity may be sent. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelRule {
  @Required
  @JsonPropertyDescription("Sensitivity this rule is about.")
  private Sensitivity sensitivity;

  @Required
  @Size(max = 2)
  @JsonPropertyDescription(
      "Model hostings that may receive it; empty means no model (extractive answers only).")
  private List<ModelHosting> allowedHosting = new ArrayList<>();
}
