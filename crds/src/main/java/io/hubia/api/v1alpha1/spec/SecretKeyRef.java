package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** A key of a Secret in the resource's namespace. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
  @Required
  @Pattern(Patterns.NAME)
  @Size(max = 253)
  @JsonPropertyDescription("Name of the Secret, in the same namespace as this resource.")
  private String name;

  @Required
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Size(max = 253)
  @JsonPropertyDescription("Key inside the Secret whose value is used.")
  private String key;
}
