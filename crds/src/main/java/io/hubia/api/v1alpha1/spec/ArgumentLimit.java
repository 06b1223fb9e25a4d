package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Limits on one argument of a tool call. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArgumentLimit {
  @Required
  @Pattern("^[a-zA-Z][a-zA-Z0-9_]{0,63}$")
  @JsonPropertyDescription("Argument name.")
  private String name;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("Longest accepted value, in characters.")
  private Integer maxLength;

  @Size(max = 500)
  @JsonPropertyDescription("Regular expression the whole value must match.")
  private String pattern;

  @Size(max = 100)
  @JsonPropertyDescription("Accepted values; empty means any value within the other limits.")
  private List<@Size(max = 1000) String> allowedValues = new ArrayList<>();
}
