package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** A condition on one attribute of the caller. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AttributeMatch {
  @Required
  @Pattern("^[a-z][a-zA-Z0-9]{0,62}$")
  @Size(max = 63)
  @JsonPropertyDescription("Attribute name, from identity.attributes.")
  private String attribute;

  @Size(max = 50)
  @JsonPropertyDescription("Accepted values; empty means the attribute only has to be present.")
  private List<@Size(max = 256) String> values = new ArrayList<>();
}
