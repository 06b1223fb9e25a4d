package io.hubia.runtime.identity;

import io.hubia.api.v1alpha1.spec.ClaimAttribute;
import io.hubia.api.v1alpha1.spec.IdentitySpec;
import java.io.IOException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jose4j.http.Get;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.RsaKeyUtil;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies {@code Authorization: Bearer <JWT>} headers with jose4j and turns them into {@link
 * Caller}s.
 *
 * <p>A token is accepted when it is a JWS signed with RS256 by a key of a trusted issuer (a fixed
 * public key, or the issuer's JWKS, fetched and cached, refetched for an unknown key id), its
 * {@code iss} is that issuer, it has {@code sub} and {@code exp}, it is within its validity period
 * (with {@code clockSkew} either side) and, when an audience is configured, its {@code aud} holds
 * it. The issuer claim is read before the signature is checked only to choose the issuer's keys;
 * nothing else of an unverified token is used.
 *
 * <p>Rejections are {@link AuthenticationException}s with a fixed reason: the token and the
 * library's messages (which quote claims) are never passed on or logged.
 *
 * <p>Thread-safe; build one per identity configuration.
 */
public final class TokenVerifier {
  private static final Logger LOG = Logger.getLogger(TokenVerifier.class);

  /** The roles claim when the PolicySet names none (Keycloak's realm roles). */
  public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";

  /** Registered claims kept for audit, in this order. */
  private static final List<String> AUDIT_CLAIMS =
      List.of("iss", "sub", "aud", "azp", "jti", "iat", "exp");

  private static final String BEARER = "bearer ";

  /**
   * An issuer whose tokens are accepted, and where its signing keys come from.
   *
   * @param issuer the exact {@code iss} value
   * @param keys resolves the verification key of a token
   */
  public record TrustedIssuer(String issuer, VerificationKeyResolver keys) {
    public TrustedIssuer {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(keys, "keys");
    }

    /** An issuer signing with one key pair, whose public key is {@code key}. */
    public static TrustedIssuer withKey(String issuer, PublicKey key) {
      Objects.requireNonNull(key, "key");
      return new TrustedIssuer(issuer, (jws, nesting) -> key);
    }

    /** An issuer whose public key is given in PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    public static TrustedIssuer withPem(String issuer, String pem) {
      try {
        return withKey(issuer, new RsaKeyUtil().fromPemEncoded(pem.strip()));
      } catch (JoseException | InvalidKeySpecException | RuntimeException e) {
        throw new IllegalArgumentException(
            "hubia.identity.public-key is not a PEM-encoded RSA public key", e);
      }
    }

    /**
     * An issuer publishing its keys at {@code jwksUrl}, fetched with {@code timeout} (connect and
     * read, no retry: a request never waits longer than that for keys).
     */
    public static TrustedIssuer withJwks(String issuer, String jwksUrl, Duration timeout) {
      HttpsJwks jwks = new HttpsJwks(jwksUrl);
      Get get = new Get();
      int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      get.setConnectTimeout(millis);
      get.setReadTimeout(millis);
      get.setRetries(0);
      jwks.setSimpleHttpGet(get);
      return new TrustedIssuer(issuer, new HttpsJwksVerificationKeyResolver(jwks));
    }
  }

  private final Map<String, JwtConsumer> consumers = new LinkedHashMap<>();
  private final JwtConsumer peek;

  /**
   * @param issuers the issuers whose tokens are accepted (none: every token is refused)
   * @param audience the audience tokens must name, if any
   * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}
   */
  public TokenVerifier(List<TrustedIssuer> issuers, Optional<String> audience, Duration clockSkew) {
    for (TrustedIssuer trusted : issuers) {
      JwtConsumerBuilder builder =
          new JwtConsumerBuilder()
              .setExpectedIssuer(true, trusted.issuer())
              .setVerificationKeyResolver(trusted.keys())
              .setJwsAlgorithmConstraints(
                  AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
              .setRequireExpirationTime()
              .setRequireSubject()
              .setAllowedClockSkewInSeconds((int) clockSkew.toSeconds());
      if (audience.isPresent()) {
        builder.setExpectedAudience(true, audience.get());
      } else {
        builder.setSkipDefaultAudienceValidation();
      }
      if (consumers.put(trusted.issuer(), builder.build()) != null) {
        throw new IllegalArgumentException("issuer " + trusted.issuer() + " is trusted twice");
      }
    }
    // reads the issuer to choose its keys; validates nothing, so its result is never trusted
    this.peek =
        new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();
  }

  /** The issuers whose tokens are accepted. */
  public List<String> issuers() {
    return List.copyOf(consumers.keySet());
  }

  /**
   * Verifies an {@code Authorization} header value.
   *
   * @param authorization the header's value, or {@code null} when absent
   * @param identity how roles and attributes are read (the PolicySet's); {@code null} for defaults
   * @throws AuthenticationException if the caller cannot be authenticated
   */
  public Caller verify(String authorization, IdentitySpec identity) {
    if (authorization == null || authorization.isBlank()) {
      throw new AuthenticationException(AuthenticationException.Reason.MISSING);
    }
    String value = authorization.strip();
    if (value.length() <= BEARER.length()
        || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new AuthenticationException(AuthenticationException.Reason.MALFORMED);
    }
    return verifyToken(value.substring(BEARER.length()).strip(), identity);
  }

  /**
   * Verifies a compact JWT.
   *
   * @throws AuthenticationException if it is not acceptable
   */
  public Caller verifyToken(String token, IdentitySpec identity) {
    JwtContext context;
    String issuer;
    try {
      context = peek.process(token);
      issuer = context.getJwtClaims().getIssuer();
    } catch (InvalidJwtException | MalformedClaimException | RuntimeException e) {
      throw reject(AuthenticationException.Reason.MALFORMED);
    }
    JwtConsumer consumer = issuer == null ? null : consumers.get(issuer);
    if (consumer == null) {
      throw reject(AuthenticationException.Reason.UNTRUSTED_ISSUER);
    }
    try {
      consumer.processContext(context);
    } catch (InvalidJwtException e) {
      throw reject(reasonOf(e));
    }
    try {
      return caller(context.getJwtClaims().getClaimsMap(), identity);
    } catch (RuntimeException e) {
      throw reject(AuthenticationException.Reason.INVALID);
    }
  }

  private static AuthenticationException reject(AuthenticationException.Reason reason) {
    LOG.debugf("Bearer token rejected: %s", reason);
    return new AuthenticationException(reason);
  }

  static AuthenticationException.Reason reasonOf(InvalidJwtException e) {
    if (e.hasExpired()) {
      return AuthenticationException.Reason.EXPIRED;
    }
    if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)
        || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
      return AuthenticationException.Reason.NOT_YET_VALID;
    }
    if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
      return AuthenticationException.Reason.UNTRUSTED_ISSUER;
    }
    if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
        || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
      return AuthenticationException.Reason.WRONG_AUDIENCE;
    }
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
      return AuthenticationException.Reason.MALFORMED;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof UnresolvableKeyException) {
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
          if (c instanceof IOException) {
            return AuthenticationException.Reason.KEYS_UNAVAILABLE;
          }
        }
        return AuthenticationException.Reason.BAD_SIGNATURE;
      }
    }
    if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.getCause() != null) {
      // an invalid signature, or an algorithm or key the issuer's constraints refuse
      return AuthenticationException.Reason.BAD_SIGNATURE;
    }
    return AuthenticationException.Reason.INVALID;
  }

  /** The caller a verified token describes. */
  static Caller caller(Map<String, Object> claims, IdentitySpec identity) {
    String rolesClaim =
        identity == null || identity.getRolesClaim() == null || identity.getRolesClaim().isBlank()
            ? DEFAULT_ROLES_CLAIM
            : identity.getRolesClaim();
    List<ClaimAttribute> declared =
        identity == null || identity.getAttributes() == null ? List.of() : identity.getAttributes();

    Map<String, Object> audit = new LinkedHashMap<>();
    for (String name : AUDIT_CLAIMS) {
      if (claims.get(name) != null) {
        audit.put(name, claims.get(name));
      }
    }
    List<String> roles = ClaimPaths.strings(claims, rolesClaim);
    if (ClaimPaths.resolve(claims, rolesClaim).isPresent()) {
      audit.put(rolesClaim, roles);
    }
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    for (ClaimAttribute attribute : declared) {
      if (attribute == null || attribute.getName() == null || attribute.getClaim() == null) {
        continue;
      }
      Optional<Object> value = ClaimPaths.resolve(claims, attribute.getClaim());
      if (value.isPresent()) {
        List<String> values = ClaimPaths.strings(value.get());
        attributes.put(attribute.getName(), values);
        audit.put(attribute.getClaim(), values);
      }
    }
    return new Caller(
        String.valueOf(claims.get("sub")),
        claims.get("iss") == null ? null : claims.get("iss").toString(),
        roles,
        attributes,
        audit);
  }
}
