package io.hubia.runtime.identity;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Local mode's token issuer: signs JWTs (RS256, issuer {@value #ISSUER}) with an RSA key pair
 * generated when it is created and never stored, so its tokens die with the process. The {@link
 * TokenVerifier} trusts them through {@link #trustedIssuer()}. Never enabled in a cluster: only
 * {@code hubia.dev-issuer.enabled=true} creates one.
 */
public final class DevTokenIssuer {
  /** The {@code iss} of development tokens. */
  public static final String ISSUER = "hubia-local";

  /** Claims the issuer sets itself; a request may not. */
  public static final Set<String> RESERVED_CLAIMS =
      Set.of("iss", "sub", "exp", "iat", "nbf", "jti");

  private final RsaJsonWebKey key;
  private final Clock clock;
  private final Duration defaultTtl;
  private final Duration maxTtl;
  private final String audience;

  /**
   * A token and when it expires.
   *
   * @param token the compact JWT
   * @param expiresAt its {@code exp}
   */
  public record Issued(String token, Instant expiresAt) {}

  /**
   * @param clock gives {@code iat} and {@code exp}
   * @param defaultTtl lifetime of a token when the request gives none
   * @param maxTtl the longest lifetime a request may ask for
   * @param audience the {@code aud} of tokens whose claims name none ({@code null}: none)
   */
  public DevTokenIssuer(Clock clock, Duration defaultTtl, Duration maxTtl, String audience) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.defaultTtl = Objects.requireNonNull(defaultTtl, "defaultTtl");
    this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
    this.audience = audience;
    try {
      this.key = RsaJwkGenerator.generateJwk(2048);
    } catch (JoseException e) {
      throw new IllegalStateException("cannot generate the development issuer's RSA key", e);
    }
    key.setKeyId(ISSUER + "-" + UUID.randomUUID());
    key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
  }

  /** Its public key. */
  public RSAPublicKey publicKey() {
    return key.getRsaPublicKey();
  }

  /** Its key id ({@code kid} of its tokens). */
  public String keyId() {
    return key.getKeyId();
  }

  /** This issuer, for a {@link TokenVerifier}. */
  public TokenVerifier.TrustedIssuer trustedIssuer() {
    return TokenVerifier.TrustedIssuer.withKey(ISSUER, publicKey());
  }

  /**
   * Signs a token for {@code subject}.
   *
   * @param subject the {@code sub}
   * @param claims further claims (roles, attributes...), none of {@link #RESERVED_CLAIMS}; may be
   *     {@code null}
   * @param ttlSeconds lifetime in seconds, {@code null} for the default
   * @throws IllegalArgumentException if the request is not acceptable (the message says why)
   */
  public Issued issue(String subject, Map<String, Object> claims, Long ttlSeconds) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("subject is required");
    }
    if (subject.length() > 255) {
      throw new IllegalArgumentException("subject is longer than 255 characters");
    }
    Duration ttl = ttlSeconds == null ? defaultTtl : Duration.ofSeconds(ttlSeconds);
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("ttlSeconds must be between 1 and " + maxTtl.toSeconds());
    }
    JwtClaims jwt = new JwtClaims();
    if (claims != null) {
      for (Map.Entry<String, Object> claim : claims.entrySet()) {
        if (RESERVED_CLAIMS.contains(claim.getKey())) {
          throw new IllegalArgumentException(
              "claims may not set "
                  + claim.getKey()
                  + ": the issuer sets iss, sub (from subject), iat, nbf, exp (from ttlSeconds)"
                  + " and jti");
        }
        jwt.setClaim(claim.getKey(), claim.getValue());
      }
    }
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    jwt.setIssuer(ISSUER);
    jwt.setSubject(subject);
    jwt.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
    jwt.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
    jwt.setJwtId(UUID.randomUUID().toString());
    if (audience != null && !jwt.hasClaim("aud")) {
      jwt.setAudience(audience);
    }
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(jwt.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "JWT");
    try {
      return new Issued(
          jws.getCompactSerialization(), Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign a development token", e);
    }
  }
}
