package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Extra network destinations the runtime pods may reach, beyond what Hubia derives. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EgressRule {
  @Required
  @Pattern("^[0-9a-fA-F.:]+/[0-9]{1,3}$")
  @JsonPropertyDescription("Destination network in CIDR notation, e.g. 10.20.0.0/16.")
  private String cidr;

  @Size(max = 10)
  @JsonPropertyDescription("TCP ports allowed; empty means all ports.")
  private List<Integer> ports = new ArrayList<>();
}
