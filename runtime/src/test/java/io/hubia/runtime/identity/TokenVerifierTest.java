package io.hubia.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.hubia.api.v1alpha1.spec.ClaimAttribute;
import io.hubia.api.v1alpha1.spec.IdentitySpec;
import io.hubia.runtime.identity.AuthenticationException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  private static final String ISSUER = "https://keycloak.example.org/realms/hubia";

  private static RsaJsonWebKey key;
  private static RsaJsonWebKey otherKey;
  private static TokenVerifier verifier;

  @BeforeAll
  static void keys() throws Exception {
    key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId("k1");
    otherKey = RsaJwkGenerator.generateJwk(2048);
    otherKey.setKeyId("k1");
    verifier =
        new TokenVerifier(
            List.of(TokenVerifier.TrustedIssuer.withPem(ISSUER, pem(key))),
            Optional.empty(),
            Duration.ofSeconds(30));
  }

  static String pem(RsaJsonWebKey k) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(k.getPublicKey().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static JwtClaims claims(String issuer, String subject) {
    JwtClaims c = new JwtClaims();
    c.setIssuer(issuer);
    c.setSubject(subject);
    c.setIssuedAtToNow();
    c.setExpirationTimeMinutesInTheFuture(5);
    c.setClaim("realm_access", Map.of("roles", List.of("member", "juriste")));
    c.setClaim("email", "alice@example.org");
    return c;
  }

  static String sign(JwtClaims claims, RsaJsonWebKey with) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(with.getPrivateKey());
    jws.setKeyIdHeaderValue(with.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }

  static String token(Consumer<JwtClaims> change) throws Exception {
    JwtClaims c = claims(ISSUER, "alice");
    change.accept(c);
    return sign(c, key);
  }

  private static void assertRejected(
      TokenVerifier v, String header, IdentitySpec identity, Reason reason) {
    assertThatThrownBy(() -> v.verify(header, identity))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              // never echo the token, or anything of it
              if (header != null && header.indexOf(' ') > 0) {
                String token = header.substring(header.indexOf(' ') + 1);
                String start = token.substring(0, Math.min(20, token.length()));
                if (start.length() >= 8) {
                  assertThat(e.getMessage()).doesNotContain(start);
                  assertThat(e.toProblem("/v1/me").detail()).doesNotContain("alice");
                  assertThat(String.valueOf(e.challenge())).doesNotContain(start);
                }
              }
            });
  }

  @Test
  void acceptsAValidTokenAndReadsTheDefaultRolesClaim() throws Exception {
    Caller caller = verifier.verify("Bearer " + token(c -> {}), null);

    assertThat(caller.subject()).isEqualTo("alice");
    assertThat(caller.issuer()).isEqualTo(ISSUER);
    assertThat(caller.roles()).containsExactly("member", "juriste");
    assertThat(caller.attributes()).isEmpty();
    // only what audit needs: no e-mail, no token
    assertThat(caller.claims())
        .containsKeys("iss", "sub", "iat", "exp", "realm_access.roles")
        .doesNotContainKey("email")
        .doesNotContainKey("realm_access");
    // the scheme is case-insensitive (RFC 7235)
    assertThat(verifier.verify("bearer " + token(c -> {}), null).subject()).isEqualTo("alice");
  }

  @Test
  void refusesAnExpiredToken() throws Exception {
    String expired =
        token(
            c -> {
              c.setIssuedAt(
                  NumericDate.fromSeconds(Instant.now().minusSeconds(3600).getEpochSecond()));
              c.setExpirationTime(
                  NumericDate.fromSeconds(Instant.now().minusSeconds(120).getEpochSecond()));
            });
    assertRejected(verifier, "Bearer " + expired, null, Reason.EXPIRED);

    // within the clock skew it still passes
    String justExpired =
        token(
            c -> {
              c.setIssuedAt(
                  NumericDate.fromSeconds(Instant.now().minusSeconds(60).getEpochSecond()));
              c.setExpirationTime(
                  NumericDate.fromSeconds(Instant.now().minusSeconds(5).getEpochSecond()));
            });
    assertThat(verifier.verify("Bearer " + justExpired, null).subject()).isEqualTo("alice");
  }

  @Test
  void refusesAnotherIssuer() throws Exception {
    String other = sign(claims("https://evil.example.org", "alice"), key);
    assertRejected(verifier, "Bearer " + other, null, Reason.UNTRUSTED_ISSUER);
    String none = token(c -> c.unsetClaim("iss"));
    assertRejected(verifier, "Bearer " + none, null, Reason.UNTRUSTED_ISSUER);
  }

  @Test
  void refusesAWrongSignature() throws Exception {
    // signed by another key with the same kid
    assertRejected(
        verifier, "Bearer " + sign(claims(ISSUER, "alice"), otherKey), null, Reason.BAD_SIGNATURE);

    // a valid token whose payload was changed
    String[] parts = token(c -> {}).split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims(ISSUER, "admin").toJson().getBytes(StandardCharsets.UTF_8));
    assertRejected(
        verifier, "Bearer " + parts[0] + "." + forged + "." + parts[2], null, Reason.BAD_SIGNATURE);

    // HS256 with the public key as secret (algorithm confusion), and alg none
    JsonWebSignature hs = new JsonWebSignature();
    hs.setPayload(claims(ISSUER, "alice").toJson());
    hs.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    hs.setKey(new HmacKey(key.getPublicKey().getEncoded()));
    assertRejected(verifier, "Bearer " + hs.getCompactSerialization(), null, Reason.BAD_SIGNATURE);

    JsonWebSignature none = new JsonWebSignature();
    none.setPayload(claims(ISSUER, "alice").toJson());
    none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
    none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    assertThatThrownBy(() -> verifier.verify("Bearer " + none.getCompactSerialization(), null))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void refusesAMissingOrMalformedHeader() throws Exception {
    assertRejected(verifier, null, null, Reason.MISSING);
    assertRejected(verifier, "  ", null, Reason.MISSING);
    assertRejected(verifier, "Basic YWxpY2U6c2VjcmV0", null, Reason.MALFORMED);
    assertRejected(verifier, "Bearer ", null, Reason.MALFORMED);
    assertRejected(verifier, "Bearer not-a-jwt-at-all-but-long-enough", null, Reason.MALFORMED);

    AuthenticationException missing = new AuthenticationException(Reason.MISSING);
    assertThat(missing.toProblem("/v1/me").type())
        .isEqualTo("https://hubia.io/problems/authentication-required");
    assertThat(missing.toProblem("/v1/me").status()).isEqualTo(401);
    assertThat(missing.challenge()).isEqualTo("Bearer realm=\"hubia\"");
    assertThat(new AuthenticationException(Reason.EXPIRED).toProblem("/v1/me").type())
        .isEqualTo("https://hubia.io/problems/invalid-token");
  }

  @Test
  void refusesTokensWithoutSubjectOrExpiry() throws Exception {
    assertRejected(verifier, "Bearer " + token(c -> c.unsetClaim("sub")), null, Reason.INVALID);
    assertRejected(verifier, "Bearer " + token(c -> c.unsetClaim("exp")), null, Reason.INVALID);
  }

  @Test
  void checksTheAudienceWhenOneIsConfigured() throws Exception {
    TokenVerifier withAudience =
        new TokenVerifier(
            List.of(TokenVerifier.TrustedIssuer.withKey(ISSUER, key.getPublicKey())),
            Optional.of("hubia-runtime"),
            Duration.ofSeconds(30));
    assertRejected(withAudience, "Bearer " + token(c -> {}), null, Reason.WRONG_AUDIENCE);
    assertRejected(
        withAudience, "Bearer " + token(c -> c.setAudience("other")), null, Reason.WRONG_AUDIENCE);
    assertThat(
            withAudience
                .verify("Bearer " + token(c -> c.setAudience("account", "hubia-runtime")), null)
                .claims())
        .containsEntry("aud", List.of("account", "hubia-runtime"));
  }

  @Test
  void readsRolesAndAttributesFromTheClaimsThePolicyNames() throws Exception {
    IdentitySpec identity = new IdentitySpec();
    identity.setRolesClaim("https://hubia.io/roles");
    identity.setAttributes(
        List.of(
            attribute("branch", "org.branch"),
            attribute("groups", "groups"),
            attribute("level", "level"),
            attribute("missing", "nowhere.at.all")));
    String t =
        token(
            c -> {
              c.setClaim("https://hubia.io/roles", List.of("member"));
              c.setClaim("org", Map.of("branch", "lyon", "secret", "x"));
              c.setClaim("groups", List.of("/cgt/lyon", "/cgt/rhone"));
              c.setClaim("level", 3);
            });

    Caller caller = verifier.verify("Bearer " + t, identity);

    assertThat(caller.roles()).containsExactly("member");
    assertThat(caller.attributes())
        .containsExactly(
            Map.entry("branch", List.of("lyon")),
            Map.entry("groups", List.of("/cgt/lyon", "/cgt/rhone")),
            Map.entry("level", List.of("3")));
    assertThat(caller.attribute("missing")).isEmpty();
    assertThat(caller.claims())
        .containsEntry("https://hubia.io/roles", List.of("member"))
        .containsEntry("org.branch", List.of("lyon"))
        .doesNotContainKeys("org", "realm_access.roles", "email");

    // a roles claim that is absent gives no role
    IdentitySpec other = new IdentitySpec();
    other.setRolesClaim("resource_access.hubia.roles");
    assertThat(verifier.verify("Bearer " + t, other).roles()).isEmpty();
  }

  @Test
  void claimPathsPreferTheLongestClaimName() {
    Map<String, Object> claims =
        Map.of(
            "a.b",
            "dotted",
            "a",
            Map.of("b", "nested", "c", Map.of("d", List.of("x", 1, Map.of("no", 1)))));
    assertThat(ClaimPaths.strings(claims, "a.b")).containsExactly("dotted");
    assertThat(ClaimPaths.strings(claims, "a.c.d")).containsExactly("x", "1");
    assertThat(ClaimPaths.strings(claims, "a.c")).isEmpty();
    assertThat(ClaimPaths.strings(claims, "zzz")).isEmpty();
  }

  @Test
  void fetchesKeysFromAJwksUrlAndReportsItUnreachable() throws Exception {
    HttpServer jwks =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] body =
        new JsonWebKeySet(key)
            .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
            .getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/certs",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwks.start();
    String url = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs";
    try {
      TokenVerifier fromJwks =
          new TokenVerifier(
              List.of(TokenVerifier.TrustedIssuer.withJwks(ISSUER, url, Duration.ofSeconds(2))),
              Optional.empty(),
              Duration.ofSeconds(30));
      assertThat(fromJwks.verify("Bearer " + token(c -> {}), null).subject()).isEqualTo("alice");
      assertRejected(
          fromJwks,
          "Bearer " + sign(claims(ISSUER, "alice"), otherKey),
          null,
          Reason.BAD_SIGNATURE);
    } finally {
      jwks.stop(0);
    }

    TokenVerifier unreachable =
        new TokenVerifier(
            List.of(TokenVerifier.TrustedIssuer.withJwks(ISSUER, url, Duration.ofSeconds(2))),
            Optional.empty(),
            Duration.ofSeconds(30));
    assertRejected(unreachable, "Bearer " + token(c -> {}), null, Reason.KEYS_UNAVAILABLE);
    assertThat(new AuthenticationException(Reason.KEYS_UNAVAILABLE).toProblem("/").status())
        .isEqualTo(503);
  }

  @Test
  void trustsDevelopmentTokensOnlyThroughTheIssuersKey() throws Exception {
    DevTokenIssuer dev =
        new DevTokenIssuer(
            java.time.Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(24), null);
    TokenVerifier both =
        new TokenVerifier(
            List.of(
                TokenVerifier.TrustedIssuer.withKey(ISSUER, key.getPublicKey()),
                dev.trustedIssuer()),
            Optional.empty(),
            Duration.ofSeconds(30));
    DevTokenIssuer.Issued issued =
        dev.issue("bob", Map.of("realm_access", Map.of("roles", List.of("admin"))), 60L);

    Caller bob = both.verify("Bearer " + issued.token(), null);
    assertThat(bob.subject()).isEqualTo("bob");
    assertThat(bob.issuer()).isEqualTo(DevTokenIssuer.ISSUER);
    assertThat(bob.roles()).containsExactly("admin");
    assertThat(issued.expiresAt())
        .isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));
    // a verifier that does not trust the development issuer refuses its tokens
    assertRejected(verifier, "Bearer " + issued.token(), null, Reason.UNTRUSTED_ISSUER);
    // an attacker's token claiming the development issuer fails its key
    assertRejected(
        both,
        "Bearer " + sign(claims(DevTokenIssuer.ISSUER, "mallory"), otherKey),
        null,
        Reason.BAD_SIGNATURE);
  }

  @Test
  void theDevelopmentIssuerRefusesReservedClaimsAndTooLongLifetimes() {
    DevTokenIssuer dev =
        new DevTokenIssuer(
            java.time.Clock.systemUTC(),
            Duration.ofHours(1),
            Duration.ofHours(24),
            "hubia-runtime");
    assertThatThrownBy(() -> dev.issue(" ", null, null)).hasMessageContaining("subject");
    assertThatThrownBy(() -> dev.issue("bob", Map.of("iss", "x"), null))
        .hasMessageContaining("may not set iss");
    assertThatThrownBy(() -> dev.issue("bob", null, 0L)).hasMessageContaining("ttlSeconds");
    assertThatThrownBy(() -> dev.issue("bob", null, 86_401L)).hasMessageContaining("ttlSeconds");

    TokenVerifier withAudience =
        new TokenVerifier(
            List.of(dev.trustedIssuer()), Optional.of("hubia-runtime"), Duration.ofSeconds(30));
    assertThat(
            withAudience.verify("Bearer " + dev.issue("bob", null, null).token(), null).subject())
        .isEqualTo("bob");
  }

  private static ClaimAttribute attribute(String name, String claim) {
    ClaimAttribute a = new ClaimAttribute();
    a.setName(name);
    a.setClaim(claim);
    return a;
  }
}
