package io.hubia.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The identity settings as CallerAuthenticator reads them at start-up. */
class CallerAuthenticatorTest {
  private static final String ISSUER = "https://keycloak.example.org/realms/hubia";
  private static final String JWKS = ISSUER + "/protocol/openid-connect/certs";

  record Settings(
      Optional<String> issuer,
      Optional<String> jwksUrl,
      Optional<String> publicKey,
      Optional<String> audience,
      Optional<List<String>> allowedClients)
      implements IdentitySettings {
    @Override
    public Duration clockSkew() {
      return Duration.ofSeconds(30);
    }

    @Override
    public Duration jwksTimeout() {
      return Duration.ofSeconds(3);
    }

    @Override
    public Duration jwksRefreshInterval() {
      return Duration.ofMinutes(10);
    }

    @Override
    public Duration jwksForcedRefreshInterval() {
      return Duration.ofMinutes(1);
    }
  }

  record Dev(boolean enabled) implements DevIssuerSettings {
    @Override
    public Duration defaultTtl() {
      return Duration.ofHours(1);
    }

    @Override
    public Duration maxTtl() {
      return Duration.ofHours(24);
    }
  }

  static Settings settings(String issuer, String jwks, String pem) {
    return new Settings(
        Optional.ofNullable(issuer),
        Optional.ofNullable(jwks),
        Optional.ofNullable(pem),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void trustsTheConfiguredIssuerAndTheDevelopmentIssuerWhenEnabled() {
    CallerAuthenticator both =
        new CallerAuthenticator(
            new Settings(
                Optional.of(ISSUER),
                Optional.of(JWKS),
                Optional.empty(),
                Optional.of("hubia-runtime"),
                Optional.of(List.of(" backend-client ", "", "portal"))),
            new Dev(true),
            null);
    assertThat(both.verifier().issuers()).containsExactly(ISSUER, DevTokenIssuer.ISSUER);
    assertThat(both.verifier().allowedClients()).containsExactly("backend-client", "portal");
    assertThat(both.devIssuer()).isPresent();

    CallerAuthenticator none =
        new CallerAuthenticator(settings(null, null, null), new Dev(false), null);
    assertThat(none.verifier().issuers()).isEmpty();
    assertThat(none.verifier().allowedClients()).isEmpty();
    assertThat(none.devIssuer()).isEmpty();
  }

  @Test
  void refusesIncompleteOrContradictorySettingsAtStartUp() {
    KeyPair key = TestJwts.rsa(2048);
    String pem = TestJwts.pem((RSAPublicKey) key.getPublic());
    assertThat(CallerAuthenticator.trustedIssuer(settings(ISSUER, null, pem)))
        .get()
        .satisfies(t -> assertThat(t.key()).isEqualTo(key.getPublic()));
    assertThat(CallerAuthenticator.trustedIssuer(settings(ISSUER, JWKS, null)))
        .get()
        .satisfies(t -> assertThat(t.jwks().url()).isEqualTo(JWKS));

    assertThatThrownBy(() -> CallerAuthenticator.trustedIssuer(settings(null, JWKS, null)))
        .hasMessageContaining("without hubia.identity.issuer");
    assertThatThrownBy(() -> CallerAuthenticator.trustedIssuer(settings(ISSUER, null, null)))
        .hasMessageContaining("exactly one of");
    assertThatThrownBy(() -> CallerAuthenticator.trustedIssuer(settings(ISSUER, JWKS, pem)))
        .hasMessageContaining("exactly one of");
    assertThatThrownBy(
            () -> CallerAuthenticator.trustedIssuer(settings(DevTokenIssuer.ISSUER, JWKS, null)))
        .hasMessageContaining("development issuer");
    assertThatThrownBy(
            () -> CallerAuthenticator.trustedIssuer(settings(ISSUER, "/etc/keys.json", null)))
        .hasMessageContaining("http(s) URL");
    assertThatThrownBy(() -> CallerAuthenticator.trustedIssuer(settings(ISSUER, null, "not a key")))
        .hasMessageContaining("not a PEM-encoded RSA public key");
  }
}
