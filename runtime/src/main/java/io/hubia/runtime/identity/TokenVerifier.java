package io.hubia.runtime.identity;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.spec.ClaimAttribute;
import io.hubia.api.v1alpha1.spec.IdentitySpec;
import io.hubia.runtime.identity.AuthenticationException.Reason;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies {@code Authorization: Bearer <JWT>} headers with SmallRye JWT (the library behind
 * Quarkus's JWT support) and turns them into {@link Caller}s.
 *
 * <p>A token is accepted when it is a JWS signed with RS256 by a key of a trusted issuer (a fixed
 * public key, or the issuer's JWKS, fetched and cached, refetched for an unknown key id), its
 * {@code iss} is that issuer, it has {@code sub} and {@code exp}, it is within its validity period
 * ({@code exp}, {@code nbf}, with {@code clockSkew} either side), when an audience is configured
 * its {@code aud} holds it and, when allowed clients are configured, its {@code azp} (or {@code
 * client_id}) is one of them. Every issuer, the development issuer included, has its own {@link
 * JWTParser} configured the same way ({@link IssuerTokenParsers}). The issuer claim is read before
 * the signature is checked only to choose the issuer's parser; nothing else of an unverified token
 * is used.
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

  /**
   * Claims kept for audit, in this order: who (the user, {@code sub}), through which client ({@code
   * azp}, or RFC 9068's {@code client_id}) and, for a token obtained by token exchange with
   * delegation, who acted for them ({@code act}, RFC 8693, with its nested actors).
   */
  private static final List<String> AUDIT_CLAIMS =
      List.of("iss", "sub", "aud", "azp", "client_id", "act", "jti", "iat", "exp");

  private static final String BEARER = "bearer ";

  /**
   * Reads the payload: strict about duplicate names, as jose4j is, so both read the same claims.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_LONG_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final TypeReference<LinkedHashMap<String, Object>> CLAIMS =
      new TypeReference<>() {};

  /**
   * Where an issuer publishes its keys, and how they are fetched.
   *
   * @param url the JWKS URL (http or https)
   * @param timeout connect and read timeout of one fetch (no retry: a request never waits longer
   *     than that for keys)
   * @param refreshInterval how long fetched keys are used before they are fetched again (unless the
   *     answer's {@code Cache-Control: max-age} or {@code Expires} says otherwise); whole minutes,
   *     rounded up; also how long the keys fetched last stay in use while a refetch fails
   * @param forcedRefreshInterval a token whose key id is unknown refetches the keys at most this
   *     often (key rotation); whole minutes, rounded up
   */
  public record Jwks(
      String url, Duration timeout, Duration refreshInterval, Duration forcedRefreshInterval) {
    public Jwks {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(refreshInterval, "refreshInterval");
      Objects.requireNonNull(forcedRefreshInterval, "forcedRefreshInterval");
      String scheme;
      try {
        URI uri = new URI(url);
        scheme = uri.getScheme();
        if (uri.getHost() == null) {
          scheme = null;
        }
      } catch (java.net.URISyntaxException e) {
        scheme = null;
      }
      if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
        throw new IllegalArgumentException(
            "hubia.identity.jwks-url must be an http(s) URL, e.g."
                + " https://keycloak.example.org/realms/hubia/protocol/openid-connect/certs");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("hubia.identity.jwks-timeout must be positive");
      }
    }
  }

  /**
   * An issuer whose tokens are accepted, and where its signing keys come from: exactly one of
   * {@code key} and {@code jwks}.
   *
   * @param issuer the exact {@code iss} value
   * @param key its RSA public key, or {@code null}
   * @param jwks where its keys are published, or {@code null}
   */
  public record TrustedIssuer(String issuer, PublicKey key, Jwks jwks) {
    public TrustedIssuer {
      Objects.requireNonNull(issuer, "issuer");
      if ((key == null) == (jwks == null)) {
        throw new IllegalArgumentException("an issuer has exactly one of a key and a JWKS");
      }
    }

    /** An issuer signing with one key pair, whose public key is {@code key}. */
    public static TrustedIssuer withKey(String issuer, PublicKey key) {
      return new TrustedIssuer(issuer, Objects.requireNonNull(key, "key"), null);
    }

    /**
     * An issuer whose RSA public key (2048 bits or more) is given in PEM ({@code -----BEGIN PUBLIC
     * KEY-----}).
     */
    public static TrustedIssuer withPem(String issuer, String pem) {
      PublicKey key;
      try {
        key = KeyUtils.decodePublicKey(pem.strip(), SignatureAlgorithm.RS256);
      } catch (java.security.GeneralSecurityException | RuntimeException e) {
        throw new IllegalArgumentException(
            "hubia.identity.public-key is not a PEM-encoded RSA public key", e);
      }
      if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
        throw new IllegalArgumentException(
            "hubia.identity.public-key must be an RSA key of at least 2048 bits");
      }
      return withKey(issuer, key);
    }

    /** An issuer publishing its keys as a JWKS. */
    public static TrustedIssuer withJwks(String issuer, Jwks jwks) {
      return new TrustedIssuer(issuer, null, Objects.requireNonNull(jwks, "jwks"));
    }
  }

  private final Map<String, JWTParser> parsers = new LinkedHashMap<>();
  private final Set<String> allowedClients;

  /**
   * @param issuers the issuers whose tokens are accepted (none: every token is refused)
   * @param audience the audience tokens must name, if any
   * @param clockSkew tolerance on {@code exp} and {@code nbf}
   */
  public TokenVerifier(List<TrustedIssuer> issuers, Optional<String> audience, Duration clockSkew) {
    this(issuers, audience, clockSkew, List.of());
  }

  /**
   * @param issuers the issuers whose tokens are accepted (none: every token is refused)
   * @param audience the audience tokens must name, if any
   * @param clockSkew tolerance on {@code exp} and {@code nbf}
   * @param allowedClients the clients ({@code azp}, or {@code client_id}) whose tokens are
   *     accepted; empty: any
   */
  public TokenVerifier(
      List<TrustedIssuer> issuers,
      Optional<String> audience,
      Duration clockSkew,
      Collection<String> allowedClients) {
    for (TrustedIssuer trusted : issuers) {
      if (parsers.containsKey(trusted.issuer())) {
        throw new IllegalArgumentException("issuer " + trusted.issuer() + " is trusted twice");
      }
      parsers.put(trusted.issuer(), IssuerTokenParsers.forIssuer(trusted, audience, clockSkew));
    }
    this.allowedClients = Collections.unmodifiableSet(new LinkedHashSet<>(allowedClients));
  }

  /** The issuers whose tokens are accepted. */
  public List<String> issuers() {
    return List.copyOf(parsers.keySet());
  }

  /** The clients whose tokens are accepted; empty: any. */
  public Set<String> allowedClients() {
    return allowedClients;
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
      throw new AuthenticationException(Reason.MISSING);
    }
    String value = authorization.strip();
    if (value.length() <= BEARER.length()
        || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new AuthenticationException(Reason.MALFORMED);
    }
    return verifyToken(value.substring(BEARER.length()).strip(), identity);
  }

  /**
   * Verifies a compact JWT.
   *
   * @throws AuthenticationException if it is not acceptable
   */
  public Caller verifyToken(String token, IdentitySpec identity) {
    // the payload, unverified: only its iss is read before the issuer's parser has verified it
    Map<String, Object> claims = payload(token).orElseThrow(() -> reject(Reason.MALFORMED));
    JWTParser parser = claims.get("iss") instanceof String issuer ? parsers.get(issuer) : null;
    if (parser == null) {
      throw reject(Reason.UNTRUSTED_ISSUER);
    }
    try {
      parser.parse(token);
    } catch (ParseException e) {
      throw reject(reasonOf(e));
    } catch (RuntimeException e) {
      throw reject(Reason.INVALID);
    }
    // verified: these are the claims the issuer signed
    if (!(claims.get("sub") instanceof String subject) || subject.isBlank()) {
      throw reject(Reason.INVALID);
    }
    if (!allowedClients.isEmpty() && !allowedClients.contains(clientOf(claims))) {
      throw reject(Reason.CLIENT_NOT_ALLOWED);
    }
    try {
      return caller(claims, identity);
    } catch (RuntimeException e) {
      throw reject(Reason.INVALID);
    }
  }

  /** The claims of a compact JWS, if it is one whose payload is a JSON object. */
  static Optional<Map<String, Object>> payload(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(parts[1]);
      return Optional.ofNullable(JSON.readValue(new String(json, StandardCharsets.UTF_8), CLAIMS));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The client a token was issued to: {@code azp} (OIDC), else {@code client_id} (RFC 9068). */
  static String clientOf(Map<String, Object> claims) {
    if (claims.get("azp") instanceof String azp) {
      return azp;
    }
    return claims.get("client_id") instanceof String clientId ? clientId : null;
  }

  private static AuthenticationException reject(Reason reason) {
    LOG.debugf("Bearer token rejected: %s", reason);
    return new AuthenticationException(reason);
  }

  /** Why the library refused a token: from the exceptions it wraps, never from their messages. */
  static Reason reasonOf(ParseException e) {
    UnresolvableKeyException unresolvable = cause(e, UnresolvableKeyException.class);
    if (unresolvable != null) {
      // no key for the token: the key set could not be fetched, or it has no such key
      return cause(unresolvable, IOException.class) != null
          ? Reason.KEYS_UNAVAILABLE
          : Reason.BAD_SIGNATURE;
    }
    InvalidJwtException invalid = cause(e, InvalidJwtException.class);
    if (invalid == null) {
      // the library's own checks after jose4j's (e.g. iat after exp)
      return Reason.INVALID;
    }
    if (invalid.hasExpired()) {
      return Reason.EXPIRED;
    }
    if (invalid.hasErrorCode(ErrorCodes.NOT_YET_VALID)
        || invalid.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
      return Reason.NOT_YET_VALID;
    }
    if (invalid.hasErrorCode(ErrorCodes.ISSUER_INVALID)
        || invalid.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
      return Reason.UNTRUSTED_ISSUER;
    }
    if (invalid.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)
        || invalid.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
      return Reason.WRONG_AUDIENCE;
    }
    if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)
        || invalid.hasErrorCode(ErrorCodes.JSON_INVALID)) {
      return Reason.MALFORMED;
    }
    if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)
        || invalid.getCause() instanceof JoseException) {
      // an invalid signature, or an algorithm or key the issuer's constraints refuse
      return Reason.BAD_SIGNATURE;
    }
    // a required claim missing (exp, sub) or of the wrong type
    return Reason.INVALID;
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
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
