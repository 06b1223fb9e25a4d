/**
 * Caller identity: {@link io.hubia.runtime.identity.TokenVerifier} checks {@code Authorization:
 * Bearer} JWTs (RS256, issuer, expiry, optional audience; keys from a JWKS URL or a PEM public key)
 * with jose4j and reads roles and attributes from the claims the PolicySet names; {@link
 * io.hubia.runtime.identity.DevTokenIssuer} signs tokens for local mode only ({@code
 * hubia.dev-issuer.enabled=true}).
 */
package io.hubia.runtime.identity;
