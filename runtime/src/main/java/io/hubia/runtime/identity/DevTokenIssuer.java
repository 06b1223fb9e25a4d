package io.hubia.runtime.identity;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Local mode's token issuer: signs JWTs (RS256, issuer {@value #ISSUER}) with SmallRye JWT's
 * builder and an RSA key pair generated when it is created and never stored, so its tokens die with
 * the process. The {@link TokenVerifier} trusts them through {@link #trustedIssuer()} and checks
 * them exactly as it checks the configured issuer's. Never enabled in a cluster: only {@code
 * hubia.dev-issuer.enabled=true} creates one.
 */
public final class DevTokenIssuer {
  /** The {@code iss} of development tokens. */
  public static final String ISSUER = "hubia-local";

  /** Claims the issuer sets itself; a request may not. */
  public static final Set<String> RESERVED_CLAIMS =
      Set.of("iss", "sub", "exp", "iat", "nbf", "jti");

  private final KeyPair key;
  private final String keyId;
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
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.key = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot generate the development issuer's RSA key", e);
    }
    this.keyId = ISSUER + "-" + UUID.randomUUID();
  }

  /** Its public key. */
  public RSAPublicKey publicKey() {
    return (RSAPublicKey) key.getPublic();
  }

  /** Its key id ({@code kid} of its tokens). */
  public String keyId() {
    return keyId;
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
    Map<String, Object> jwt = new LinkedHashMap<>();
    if (claims != null) {
      for (Map.Entry<String, Object> claim : claims.entrySet()) {
        if (RESERVED_CLAIMS.contains(claim.getKey())) {
          throw new IllegalArgumentException(
              "claims may not set "
                  + claim.getKey()
                  + ": the issuer sets iss, sub (from subject), iat, nbf, exp (from ttlSeconds)"
                  + " and jti");
        }
        if (holdsNull(claim.getValue())) {
          throw new IllegalArgumentException(
              "claim " + claim.getKey() + " holds null: leave the claim out instead");
        }
        jwt.put(claim.getKey(), claim.getValue());
      }
    }
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    if (audience != null && !jwt.containsKey("aud")) {
      jwt.put("aud", audience);
    }
    try {
      String token =
          Jwt.claims(jwt)
              .issuer(ISSUER)
              .subject(subject)
              .issuedAt(now.getEpochSecond())
              .expiresAt(expiresAt.getEpochSecond())
              .claim("jti", UUID.randomUUID().toString())
              .jws()
              .algorithm(SignatureAlgorithm.RS256)
              .keyId(keyId)
              .sign(key.getPrivate());
      return new Issued(token, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    } catch (JwtException e) {
      throw new IllegalStateException("cannot sign a development token", e);
    }
  }

  /** Whether a claim value is or holds {@code null} (JSON null), which the builder cannot write. */
  private static boolean holdsNull(Object value) {
    if (value == null) {
      return true;
    }
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(DevTokenIssuer::holdsNull);
    }
    if (value instanceof Collection<?> items) {
      return items.stream().anyMatch(DevTokenIssuer::holdsNull);
    }
    return false;
  }
}
