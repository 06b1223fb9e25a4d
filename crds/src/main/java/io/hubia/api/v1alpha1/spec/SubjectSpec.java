package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** A named class of callers, matched on token roles and attributes. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.roles) && size(self.roles) > 0) || (has(self.attributes) &&"
            + " size(self.attributes) > 0)",
    message = "a subject needs at least one role or attribute condition to match callers on")
public class SubjectSpec {
  @Required
  @Pattern(Patterns.NAME)
  @Size(max = 63)
  @JsonPropertyDescription("Subject name, unique in the PolicySet; rules refer to it.")
  private String name;

  @Size(max = 500)
  @JsonPropertyDescription("Who these callers are.")
  private String description;

  @Size(max = 20)
  @JsonPropertyDescription("The caller matches if it has any of these roles (when any are given).")
  private List<@Size(max = 256) String> roles = new ArrayList<>();

  @Size(max = 10)
  @JsonPropertyDescription("The caller matches if all these attribute conditions hold.")
  private List<AttributeMatch> attributes = new ArrayList<>();
}
