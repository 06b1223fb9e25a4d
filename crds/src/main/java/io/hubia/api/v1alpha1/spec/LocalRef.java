package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** A reference by name to another Hubia resource in the same namespace. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalRef {
  @Required
  @Pattern(Patterns.NAME)
  @Size(max = 253)
  @JsonPropertyDescription("Name of the referenced resource, in the same namespace.")
  private String name;
}
