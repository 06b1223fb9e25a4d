package io.hubia.runtime.identity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who is calling, from a verified bearer token.
 *
 * @param subject the {@code sub} claim
 * @param issuer the {@code iss} claim
 * @param roles the values of the PolicySet's roles claim ({@code identity.rolesClaim}, default
 *     {@code realm_access.roles}); empty when the token has none
 * @param attributes the PolicySet's named attributes ({@code identity.attributes}) with the values
 *     of their claims; an attribute whose claim is absent is absent
 * @param claims the claims kept for audit: {@code iss}, {@code sub}, {@code aud}, {@code azp},
 *     {@code jti}, {@code iat}, {@code exp} when present, the roles claim and each attribute's
 *     claim (keyed by claim path). Nothing else of the token: no name, e-mail or other personal
 *     claim unless the policy names it as an attribute, and never the token itself
 */
public record Caller(
    String subject,
    String issuer,
    List<String> roles,
    Map<String, List<String>> attributes,
    Map<String, Object> claims) {

  public Caller {
    Objects.requireNonNull(subject, "subject");
    roles = roles == null ? List.of() : List.copyOf(roles);
    attributes =
        attributes == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    claims = claims == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(claims));
  }

  /** Whether the caller has {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** The values of attribute {@code name}; empty when the token has none. */
  public List<String> attribute(String name) {
    return attributes.getOrDefault(name, List.of());
  }
}
