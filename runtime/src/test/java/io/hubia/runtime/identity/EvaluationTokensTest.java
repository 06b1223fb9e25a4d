package io.hubia.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.ClaimAttribute;
import io.hubia.api.v1alpha1.spec.IdentitySpec;
import io.hubia.eval.GoldenCase;
import io.hubia.eval.run.SignedTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokens the evaluation Job signs ({@link SignedTokens}) are accepted by the runtime's own
 * verification, configured as the evaluation Deployment is: {@code hubia.identity.issuer} the
 * evaluation issuer and {@code hubia.identity.public-key} the public half of the key pair whose
 * private half (PKCS#8 PEM) the Job signs with.
 */
class EvaluationTokensTest {
  private static final String ISSUER = "https://hubia.example.org/evaluation/hubia/assistant";
  private static final String AUDIENCE = "hubia-runtime";

  @TempDir static Path dir;
  private static KeyPair key;
  private static Path privateKey;

  @BeforeAll
  static void keyPair() throws Exception {
    key = TestJwts.rsa(2048);
    privateKey = dir.resolve("private-key");
    Files.writeString(
        privateKey,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
  }

  private static CallerAuthenticator runtime(String audience) {
    return new CallerAuthenticator(
        new CallerAuthenticatorTest.Settings(
            Optional.of(ISSUER),
            Optional.empty(),
            Optional.of(TestJwts.pem((RSAPublicKey) key.getPublic())),
            Optional.ofNullable(audience),
            Optional.empty()),
        new CallerAuthenticatorTest.Dev(false),
        null);
  }

  private static IdentitySpec policyIdentity() {
    IdentitySpec identity = new IdentitySpec();
    ClaimAttribute antenne = new ClaimAttribute();
    antenne.setName("antenne");
    antenne.setClaim("antenne");
    identity.setAttributes(List.of(antenne));
    return identity;
  }

  private static final GoldenCase.Caller MARIE =
      new GoldenCase.Caller(
          "marie",
          Map.of("realm_access", Map.of("roles", List.of("collaborateur")), "antenne", "lyon"));

  @Test
  void theRuntimeAcceptsATokenSignedByTheEvaluationWithTheCallersRolesAndAttributes()
      throws Exception {
    SignedTokens tokens = SignedTokens.fromPemFile(privateKey, ISSUER, AUDIENCE, Clock.systemUTC());

    Caller caller =
        runtime(AUDIENCE).authenticate("Bearer " + tokens.tokenFor(MARIE), policyIdentity());

    assertThat(caller.subject()).isEqualTo("marie");
    assertThat(caller.issuer()).isEqualTo(ISSUER);
    assertThat(caller.roles()).containsExactly("collaborateur");
    assertThat(caller.attribute("antenne")).containsExactly("lyon");
    assertThat(caller.claims()).containsKey("jti").containsKey("exp");
  }

  @Test
  void theRuntimeRefusesItsTokensForAnotherAudienceAnotherKeyOrOnceExpired() throws Exception {
    String token =
        SignedTokens.fromPemFile(privateKey, ISSUER, "another-runtime", Clock.systemUTC())
            .tokenFor(MARIE);
    assertThatThrownBy(() -> runtime(AUDIENCE).authenticate("Bearer " + token, null))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.WRONG_AUDIENCE));

    String forged =
        new SignedTokens(TestJwts.rsa(2048).getPrivate(), ISSUER, AUDIENCE, Clock.systemUTC())
            .tokenFor(MARIE);
    assertThatThrownBy(() -> runtime(AUDIENCE).authenticate("Bearer " + forged, null))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.BAD_SIGNATURE));

    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    String expired =
        SignedTokens.fromPemFile(privateKey, ISSUER, AUDIENCE, twoHoursAgo).tokenFor(MARIE);
    assertThatThrownBy(() -> runtime(AUDIENCE).authenticate("Bearer " + expired, null))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.EXPIRED));

    // without a configured audience the token is accepted as it is
    assertThat(runtime(null).authenticate("Bearer " + token, null).subject()).isEqualTo("marie");
  }
}
