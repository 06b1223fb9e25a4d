package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** Where the golden set is read from: a ConfigMap key, or a path inside the runtime image. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.configMapRef) != has(self.path)",
    message = "set exactly one of goldenSet.configMapRef and goldenSet.path")
public class GoldenSetSource {
  @JsonPropertyDescription("ConfigMap key holding the golden set (YAML or JSON Lines).")
  private ConfigMapKeyRef configMapRef;

  @Pattern("^/[^\\s]*$")
  @Size(max = 1024)
  @JsonPropertyDescription("Absolute path of the golden set inside the runtime image.")
  private String path;
}
