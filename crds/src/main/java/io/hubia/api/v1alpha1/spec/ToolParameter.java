package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** An argument the model passes when it calls a tool. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ToolParameter {
  @Required
  @Pattern("^[a-zA-Z][a-zA-Z0-9_]{0,63}$")
  @JsonPropertyDescription("Argument name, as the model sees it.")
  private String name;

  @Required
  @Size(min = 1, max = 1000)
  @JsonPropertyDescription("What the argument means, shown to the model.")
  private String description;

  @JsonPropertyDescription("Whether the model must always pass this argument. Defaults to true.")
  private Boolean required;
}
