package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** How the caller's OIDC access token is read. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IdentitySpec {
  @Pattern("^[A-Za-z0-9_:/.-]{1,200}$")
  @JsonPropertyDescription(
      "Claim path holding the caller's roles. Defaults to realm_access.roles (Keycloak).")
  private String rolesClaim;

  @Size(max = 20)
  @JsonPropertyDescription("Claims exposed to rules as named attributes, at most 20.")
  private List<ClaimAttribute> attributes = new ArrayList<>();
}
