/**
 * Caller identity: {@link io.hubia.runtime.identity.TokenVerifier} checks {@code Authorization:
 * Bearer} JWTs (RS256, issuer, expiry, optional audience and allowed clients; keys from a JWKS URL
 * or a PEM public key) with SmallRye JWT, one parser per trusted issuer, and reads roles and
 * attributes from the claims the PolicySet names; {@link io.hubia.runtime.identity.DevTokenIssuer}
 * signs tokens for local mode only ({@code hubia.dev-issuer.enabled=true}), checked by the same
 * code as the configured issuer's.
 */
package io.hubia.runtime.identity;
