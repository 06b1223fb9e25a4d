package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** A token claim exposed to rules under a short name, e.g. branch from claim 'antenne'. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClaimAttribute {
  @Required
  @Pattern("^[a-z][a-zA-Z0-9]{0,62}$")
  @Size(max = 63)
  @JsonPropertyDescription("Name used in rules, e.g. branch; label templates read ${branch}.")
  private String name;

  @Required
  @Pattern("^[A-Za-z0-9_:/.-]{1,200}$")
  @JsonPropertyDescription(
      "Claim path in the access token; dots go into nested objects, e.g. org.branch.")
  private String claim;
}
