package io.hubia.runtime.identity;

import static io.hubia.runtime.identity.TestJwts.claims;
import static io.hubia.runtime.identity.TestJwts.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.hubia.api.v1alpha1.spec.ClaimAttribute;
import io.hubia.api.v1alpha1.spec.IdentitySpec;
import io.hubia.runtime.identity.AuthenticationException.Reason;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  private static final String ISSUER = "https://keycloak.example.org/realms/hubia";

  private static KeyPair key;
  private static KeyPair otherKey;
  private static TokenVerifier verifier;

  @BeforeAll
  static void keys() {
    key = TestJwts.rsa(2048);
    otherKey = TestJwts.rsa(2048);
    verifier =
        new TokenVerifier(
            List.of(
                TokenVerifier.TrustedIssuer.withPem(
                    ISSUER, TestJwts.pem((RSAPublicKey) key.getPublic()))),
            Optional.empty(),
            Duration.ofSeconds(30));
  }

  static String token(Consumer<Map<String, Object>> change) {
    Map<String, Object> c = claims(ISSUER, "alice");
    change.accept(c);
    return rs256(c, key, "k1");
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  static void assertRejected(TokenVerifier v, String header, IdentitySpec identity, Reason reason) {
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
                  assertThat(e.getMessage()).doesNotContain(start).doesNotContain("alice");
                  assertThat(e.getCause()).isNull();
                  assertThat(e.toProblem("/v1/me").detail()).doesNotContain("alice");
                  assertThat(String.valueOf(e.challenge())).doesNotContain(start);
                }
              }
            });
  }

  @Test
  void acceptsAValidTokenAndReadsTheDefaultRolesClaim() {
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
    // the scheme is case-insensitive (RFC 7235); iat is optional, as the token's key id
    assertThat(verifier.verify("bearer " + token(c -> c.remove("iat")), null).subject())
        .isEqualTo("alice");
    assertThat(verifier.verify("Bearer " + rs256(claims(ISSUER, "bob"), key, null), null).subject())
        .isEqualTo("bob");
  }

  @Test
  void refusesAnExpiredToken() {
    String expired =
        token(
            c -> {
              c.put("iat", now() - 3600);
              c.put("exp", now() - 120);
            });
    assertRejected(verifier, "Bearer " + expired, null, Reason.EXPIRED);

    // within the clock skew it still passes
    String justExpired =
        token(
            c -> {
              c.put("iat", now() - 60);
              c.put("exp", now() - 5);
            });
    assertThat(verifier.verify("Bearer " + justExpired, null).subject()).isEqualTo("alice");
  }

  @Test
  void refusesATokenNotValidYet() {
    assertRejected(
        verifier,
        "Bearer "
            + token(
                c -> {
                  c.put("nbf", now() + 120);
                  c.put("exp", now() + 600);
                }),
        null,
        Reason.NOT_YET_VALID);
    assertThat(verifier.verify("Bearer " + token(c -> c.put("nbf", now() + 10)), null).subject())
        .isEqualTo("alice");
  }

  @Test
  void refusesAnotherIssuer() {
    String other = rs256(claims("https://evil.example.org", "alice"), key, "k1");
    assertRejected(verifier, "Bearer " + other, null, Reason.UNTRUSTED_ISSUER);
    assertRejected(
        verifier, "Bearer " + token(c -> c.remove("iss")), null, Reason.UNTRUSTED_ISSUER);
    assertRejected(
        verifier,
        "Bearer " + token(c -> c.put("iss", List.of(ISSUER))),
        null,
        Reason.UNTRUSTED_ISSUER);
    // a trusted issuer's parser refuses another issuer too (it never sees one through verify)
    assertThat(
            TokenVerifier.reasonOf(
                parseFailure(
                    TokenVerifier.TrustedIssuer.withKey(ISSUER, key.getPublic()),
                    rs256(claims("https://evil.example.org", "alice"), key, "k1"))))
        .isEqualTo(Reason.UNTRUSTED_ISSUER);
  }

  @Test
  void refusesAWrongSignature() {
    // signed by another key with the same kid
    assertRejected(
        verifier,
        "Bearer " + rs256(claims(ISSUER, "alice"), otherKey, "k1"),
        null,
        Reason.BAD_SIGNATURE);

    // a valid token whose payload was changed
    String[] parts = token(c -> {}).split("\\.");
    String forged = TestJwts.encode(claims(ISSUER, "admin"));
    assertRejected(
        verifier, "Bearer " + parts[0] + "." + forged + "." + parts[2], null, Reason.BAD_SIGNATURE);

    // HS256 with the public key as secret (algorithm confusion), alg none, RS512 (not RS256)
    assertRejected(
        verifier,
        "Bearer " + TestJwts.hs256(claims(ISSUER, "alice"), key.getPublic().getEncoded()),
        null,
        Reason.BAD_SIGNATURE);
    assertRejected(
        verifier, "Bearer " + TestJwts.none(claims(ISSUER, "alice")), null, Reason.BAD_SIGNATURE);
    assertRejected(
        verifier,
        "Bearer " + TestJwts.rs(claims(ISSUER, "alice"), key.getPrivate(), "k1", "RS512"),
        null,
        Reason.BAD_SIGNATURE);

    // an issuer key of 1024 bits is refused, not trusted
    KeyPair weak = TestJwts.rsa(1024);
    assertThatThrownBy(
            () ->
                TokenVerifier.TrustedIssuer.withPem(
                    ISSUER, TestJwts.pem((RSAPublicKey) weak.getPublic())))
        .hasMessageContaining("at least 2048 bits");
    TokenVerifier weakKey =
        new TokenVerifier(
            List.of(TokenVerifier.TrustedIssuer.withKey(ISSUER, weak.getPublic())),
            Optional.empty(),
            Duration.ofSeconds(30));
    assertRejected(
        weakKey,
        "Bearer " + rs256(claims(ISSUER, "alice"), weak, "k1"),
        null,
        Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesAMissingOrMalformedHeader() {
    assertRejected(verifier, null, null, Reason.MISSING);
    assertRejected(verifier, "  ", null, Reason.MISSING);
    assertRejected(verifier, "Basic YWxpY2U6c2VjcmV0", null, Reason.MALFORMED);
    assertRejected(verifier, "Bearer ", null, Reason.MALFORMED);
    assertRejected(verifier, "Bearer not-a-jwt-at-all-but-long-enough", null, Reason.MALFORMED);
    String[] parts = token(c -> {}).split("\\.");
    // two parts; a payload that is not JSON; a JSON array; five parts (a JWE)
    assertRejected(verifier, "Bearer " + parts[0] + "." + parts[1], null, Reason.MALFORMED);
    String notJson =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("alice-was-here".getBytes(StandardCharsets.UTF_8));
    assertRejected(
        verifier, "Bearer " + parts[0] + "." + notJson + "." + parts[2], null, Reason.MALFORMED);
    assertRejected(
        verifier,
        "Bearer " + parts[0] + "." + TestJwts.encode(List.of(1)) + "." + parts[2],
        null,
        Reason.MALFORMED);
    assertRejected(
        verifier, "Bearer " + String.join(".", parts) + ".AAAA.BBBB", null, Reason.MALFORMED);
    // duplicate claim names are refused before anything is trusted
    String duplicate =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"sub\":\"admin\"}")
                    .getBytes(StandardCharsets.UTF_8));
    assertRejected(
        verifier, "Bearer " + parts[0] + "." + duplicate + "." + parts[2], null, Reason.MALFORMED);

    AuthenticationException missing = new AuthenticationException(Reason.MISSING);
    assertThat(missing.toProblem("/v1/me").type())
        .isEqualTo("https://hubia.io/problems/authentication-required");
    assertThat(missing.toProblem("/v1/me").status()).isEqualTo(401);
    assertThat(missing.challenge()).isEqualTo("Bearer realm=\"hubia\"");
    assertThat(new AuthenticationException(Reason.EXPIRED).toProblem("/v1/me").type())
        .isEqualTo("https://hubia.io/problems/invalid-token");
  }

  @Test
  void refusesTokensWithoutSubjectOrExpiry() {
    assertRejected(verifier, "Bearer " + token(c -> c.remove("sub")), null, Reason.INVALID);
    assertRejected(verifier, "Bearer " + token(c -> c.put("sub", " ")), null, Reason.INVALID);
    assertRejected(verifier, "Bearer " + token(c -> c.put("sub", 42)), null, Reason.INVALID);
    assertRejected(verifier, "Bearer " + token(c -> c.remove("exp")), null, Reason.INVALID);
    assertRejected(
        verifier, "Bearer " + token(c -> c.put("exp", "tomorrow")), null, Reason.INVALID);
  }

  @Test
  void checksTheAudienceWhenOneIsConfigured() {
    TokenVerifier withAudience =
        new TokenVerifier(
            List.of(TokenVerifier.TrustedIssuer.withKey(ISSUER, key.getPublic())),
            Optional.of("hubia-runtime"),
            Duration.ofSeconds(30));
    assertRejected(withAudience, "Bearer " + token(c -> {}), null, Reason.WRONG_AUDIENCE);
    assertRejected(
        withAudience, "Bearer " + token(c -> c.put("aud", "other")), null, Reason.WRONG_AUDIENCE);
    assertThat(
            withAudience
                .verify(
                    "Bearer " + token(c -> c.put("aud", List.of("account", "hubia-runtime"))), null)
                .claims())
        .containsEntry("aud", List.of("account", "hubia-runtime"));
    assertThat(withAudience.verify("Bearer " + token(c -> c.put("aud", "hubia-runtime")), null))
        .extracting(Caller::subject)
        .isEqualTo("alice");
  }

  @Test
  void readsRolesAndAttributesFromTheClaimsThePolicyNames() {
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
              c.put("https://hubia.io/roles", List.of("member"));
              c.put("org", Map.of("branch", "lyon", "secret", "x"));
              c.put("groups", List.of("/cgt/lyon", "/cgt/rhone"));
              c.put("level", 3);
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

    // Keycloak's client roles
    other.setRolesClaim("resource_access.hubia-runtime.roles");
    String clientRoles =
        token(
            c ->
                c.put(
                    "resource_access",
                    Map.of("hubia-runtime", Map.of("roles", List.of("auditor")))));
    assertThat(verifier.verify("Bearer " + clientRoles, other).roles()).containsExactly("auditor");
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

  /** A JWKS endpoint on loopback whose answer the test sets. */
  static final class JwksServer implements AutoCloseable {
    final HttpServer server;
    final AtomicReference<byte[]> body = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger delayMillis = new AtomicInteger();
    final AtomicInteger fetches = new AtomicInteger();
    final ExecutorService executor = Executors.newCachedThreadPool();

    JwksServer(Map<String, RSAPublicKey> keys) throws Exception {
      body.set(TestJwts.jwks(keys));
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      // a slow answer must not hold up the next request
      server.setExecutor(executor);
      server.createContext(
          "/certs",
          exchange -> {
            fetches.incrementAndGet();
            try {
              Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            byte[] b = body.get();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/certs";
    }

    TokenVerifier verifier() {
      return new TokenVerifier(
          List.of(
              TokenVerifier.TrustedIssuer.withJwks(
                  ISSUER,
                  new TokenVerifier.Jwks(
                      url(),
                      Duration.ofSeconds(1),
                      Duration.ofMinutes(10),
                      Duration.ofMinutes(1)))),
          Optional.empty(),
          Duration.ofSeconds(30));
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  @Test
  void fetchesKeysFromAJwksUrlAndRefetchesThemForANewKeyId() throws Exception {
    try (JwksServer jwks = new JwksServer(Map.of("k1", (RSAPublicKey) key.getPublic()))) {
      TokenVerifier fromJwks = jwks.verifier();
      assertThat(fromJwks.verify("Bearer " + token(c -> {}), null).subject()).isEqualTo("alice");
      assertThat(fromJwks.verify("Bearer " + token(c -> {}), null).subject()).isEqualTo("alice");
      assertThat(jwks.fetches.get()).isEqualTo(1);
      // the kid of the issuer's key, signed by another key
      assertRejected(
          fromJwks,
          "Bearer " + rs256(claims(ISSUER, "alice"), otherKey, "k1"),
          null,
          Reason.BAD_SIGNATURE);

      // key rotation: the issuer now signs with k2, and publishes it
      // jose4j does not refetch keys it fetched less than 300 ms ago
      Thread.sleep(400);
      jwks.body.set(
          TestJwts.jwks(
              Map.of(
                  "k1",
                  (RSAPublicKey) key.getPublic(),
                  "k2",
                  (RSAPublicKey) otherKey.getPublic())));
      assertThat(
              fromJwks
                  .verify("Bearer " + rs256(claims(ISSUER, "carol"), otherKey, "k2"), null)
                  .subject())
          .isEqualTo("carol");
      int fetches = jwks.fetches.get();
      // an unknown key id: no signature to check; refetching waits for the forced refresh interval
      assertRejected(
          fromJwks,
          "Bearer " + rs256(claims(ISSUER, "alice"), otherKey, "k3"),
          null,
          Reason.BAD_SIGNATURE);
      assertRejected(
          fromJwks,
          "Bearer " + rs256(claims(ISSUER, "alice"), otherKey, "k4"),
          null,
          Reason.BAD_SIGNATURE);
      assertThat(jwks.fetches.get()).isEqualTo(fetches);
    }
  }

  @Test
  void reportsKeysUnavailableWhenTheJwksCannotBeFetched() throws Exception {
    try (JwksServer jwks = new JwksServer(Map.of("k1", (RSAPublicKey) key.getPublic()))) {
      TokenVerifier fromJwks = jwks.verifier();
      // an error status, then an answer that is not a key set, then one slower than the timeout
      jwks.status.set(500);
      assertRejected(fromJwks, "Bearer " + token(c -> {}), null, Reason.KEYS_UNAVAILABLE);
      jwks.status.set(200);
      byte[] keys =
          jwks.body.getAndSet("<html>maintenance</html>".getBytes(StandardCharsets.UTF_8));
      assertRejected(fromJwks, "Bearer " + token(c -> {}), null, Reason.KEYS_UNAVAILABLE);
      jwks.body.set(keys);
      jwks.delayMillis.set(3000);
      long start = System.nanoTime();
      assertRejected(fromJwks, "Bearer " + token(c -> {}), null, Reason.KEYS_UNAVAILABLE);
      // one attempt bounded by the 1 s timeout, not jose4j's default of 4 attempts of 20 s
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
      // once the key set answers, the same verifier accepts the token: no failure was kept
      jwks.delayMillis.set(0);
      assertThat(fromJwks.verify("Bearer " + token(c -> {}), null).subject()).isEqualTo("alice");
    }

    // the identity provider goes away after the keys were fetched: known keys still verify, an
    // unknown key id cannot be checked (503, not 401)
    try (JwksServer jwks = new JwksServer(Map.of("k1", (RSAPublicKey) key.getPublic()))) {
      TokenVerifier fromJwks = jwks.verifier();
      assertThat(fromJwks.verify("Bearer " + token(c -> {}), null).subject()).isEqualTo("alice");
      jwks.status.set(503);
      Thread.sleep(400);
      assertThat(fromJwks.verify("Bearer " + token(c -> {}), null).subject()).isEqualTo("alice");
      assertRejected(
          fromJwks,
          "Bearer " + rs256(claims(ISSUER, "alice"), otherKey, "k9"),
          null,
          Reason.KEYS_UNAVAILABLE);
    }

    String closed;
    try (JwksServer jwks = new JwksServer(Map.of())) {
      closed = jwks.url();
    }
    TokenVerifier unreachable =
        new TokenVerifier(
            List.of(
                TokenVerifier.TrustedIssuer.withJwks(
                    ISSUER,
                    new TokenVerifier.Jwks(
                        closed,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(1)))),
            Optional.empty(),
            Duration.ofSeconds(30));
    assertRejected(unreachable, "Bearer " + token(c -> {}), null, Reason.KEYS_UNAVAILABLE);
    assertThat(new AuthenticationException(Reason.KEYS_UNAVAILABLE).toProblem("/").status())
        .isEqualTo(503);
    assertThat(new AuthenticationException(Reason.KEYS_UNAVAILABLE).challenge()).isNull();
  }

  @Test
  void refusesJwksLocationsThatAreNotHttpUrls() {
    for (String location :
        List.of("/etc/keys.json", "file:///etc/keys.json", "classpath:keys", "https:/x")) {
      assertThatThrownBy(
              () ->
                  new TokenVerifier.Jwks(
                      location,
                      Duration.ofSeconds(1),
                      Duration.ofMinutes(10),
                      Duration.ofMinutes(1)))
          .hasMessageContaining("http(s) URL");
    }
    assertThat(IssuerTokenParsers.wholeMinutes(Duration.ofSeconds(10))).isEqualTo(1);
    assertThat(IssuerTokenParsers.wholeMinutes(Duration.ofSeconds(61))).isEqualTo(2);
    assertThat(IssuerTokenParsers.wholeMinutes(Duration.ofMinutes(10))).isEqualTo(10);
  }

  @Test
  void trustsDevelopmentTokensOnlyThroughTheIssuersKey() {
    DevTokenIssuer dev =
        new DevTokenIssuer(
            java.time.Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(24), null);
    TokenVerifier both =
        new TokenVerifier(
            List.of(
                TokenVerifier.TrustedIssuer.withKey(ISSUER, key.getPublic()), dev.trustedIssuer()),
            Optional.empty(),
            Duration.ofSeconds(30));
    DevTokenIssuer.Issued issued =
        dev.issue("bob", Map.of("realm_access", Map.of("roles", List.of("admin"))), 60L);

    Caller bob = both.verify("Bearer " + issued.token(), null);
    assertThat(bob.subject()).isEqualTo("bob");
    assertThat(bob.issuer()).isEqualTo(DevTokenIssuer.ISSUER);
    assertThat(bob.roles()).containsExactly("admin");
    assertThat(bob.claims()).containsKeys("jti", "iat", "exp");
    assertThat(issued.expiresAt())
        .isBetween(Instant.now().plusSeconds(50), Instant.now().plusSeconds(61));
    // a verifier that does not trust the development issuer refuses its tokens
    assertRejected(verifier, "Bearer " + issued.token(), null, Reason.UNTRUSTED_ISSUER);
    // an attacker's token claiming the development issuer fails its key
    assertRejected(
        both,
        "Bearer " + rs256(claims(DevTokenIssuer.ISSUER, "mallory"), otherKey, dev.keyId()),
        null,
        Reason.BAD_SIGNATURE);
    // and its tokens go through the same checks as any issuer's: expiry, audience
    DevTokenIssuer expiring =
        new DevTokenIssuer(
            java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-2)),
            Duration.ofHours(1),
            Duration.ofHours(24),
            null);
    TokenVerifier trustsExpiring =
        new TokenVerifier(
            List.of(expiring.trustedIssuer()),
            Optional.of("hubia-runtime"),
            Duration.ofSeconds(30));
    assertRejected(
        trustsExpiring,
        "Bearer " + expiring.issue("bob", Map.of("aud", "hubia-runtime"), null).token(),
        null,
        Reason.EXPIRED);
    DevTokenIssuer current =
        new DevTokenIssuer(
            java.time.Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(24), null);
    TokenVerifier trustsCurrent =
        new TokenVerifier(
            List.of(current.trustedIssuer()), Optional.of("hubia-runtime"), Duration.ofSeconds(30));
    assertRejected(
        trustsCurrent,
        "Bearer " + current.issue("bob", null, null).token(),
        null,
        Reason.WRONG_AUDIENCE);
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
    java.util.HashMap<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("org", java.util.Collections.singletonMap("branch", null));
    assertThatThrownBy(() -> dev.issue("bob", withNull, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("claim org holds null");

    TokenVerifier withAudience =
        new TokenVerifier(
            List.of(dev.trustedIssuer()), Optional.of("hubia-runtime"), Duration.ofSeconds(30));
    String token = dev.issue("bob", Map.of("level", 3, "ok", true), null).token();
    assertThat(
            new String(
                Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
        .contains("\"alg\":\"RS256\"")
        .contains("\"kid\":\"" + dev.keyId() + "\"");
    IdentitySpec identity = new IdentitySpec();
    identity.setAttributes(List.of(attribute("level", "level")));
    Caller bob = withAudience.verify("Bearer " + token, identity);
    assertThat(bob.subject()).isEqualTo("bob");
    assertThat(bob.attribute("level")).containsExactly("3");
  }

  static io.smallrye.jwt.auth.principal.ParseException parseFailure(
      TokenVerifier.TrustedIssuer issuer, String token) {
    try {
      IssuerTokenParsers.forIssuer(issuer, Optional.empty(), Duration.ofSeconds(30)).parse(token);
    } catch (io.smallrye.jwt.auth.principal.ParseException e) {
      return e;
    }
    throw new AssertionError("the token was accepted");
  }

  static ClaimAttribute attribute(String name, String claim) {
    ClaimAttribute a = new ClaimAttribute();
    a.setName(name);
    a.setClaim(claim);
    return a;
  }
}
