package io.hubia.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuntimeIdentityTest {
  private static final String ISSUER = "https://keycloak.example.org/realms/hubia";
  private static final String JWKS =
      "https://keycloak.example.org/realms/hubia/protocol/openid-connect/certs";

  private static RuntimeIdentity jwks(String url) {
    return new RuntimeIdentity(ISSUER, url, null, null, List.of());
  }

  private static RuntimeIdentity read(Map<String, String> env) {
    return RuntimeIdentity.fromEnvironment(env);
  }

  @Test
  void nothingSetTrustsNoIssuer() {
    RuntimeIdentity identity = read(Map.of());

    assertThat(identity).isEqualTo(RuntimeIdentity.NONE);
    assertThat(identity.configured()).isFalse();
  }

  @Test
  void everyVariableIsReadTrimmedAndBlankMeansUnset() {
    RuntimeIdentity identity =
        read(
            Map.of(
                "HUBIA_IDENTITY_ISSUER", " " + ISSUER + " ",
                "HUBIA_IDENTITY_JWKS_URL", JWKS,
                "HUBIA_IDENTITY_AUDIENCE", "hubia-runtime",
                "HUBIA_IDENTITY_PUBLIC_KEY_SECRET", "  ",
                "HUBIA_IDENTITY_EGRESS_CIDRS", " 203.0.113.0/24, ,2001:db8::/32,203.0.113.0/24"));

    assertThat(identity)
        .isEqualTo(
            new RuntimeIdentity(
                ISSUER, JWKS, "hubia-runtime", null, List.of("203.0.113.0/24", "2001:db8::/32")));
    assertThat(identity.configured()).isTrue();
  }

  @Test
  void aPublicKeySecretReplacesTheJwksUrl() {
    RuntimeIdentity identity =
        read(
            Map.of(
                "HUBIA_IDENTITY_ISSUER",
                ISSUER,
                "HUBIA_IDENTITY_PUBLIC_KEY_SECRET",
                "hubia-identity-key"));

    assertThat(identity.publicKeySecretName()).isEqualTo("hubia-identity-key");
    assertThat(identity.jwksUrl()).isNull();
  }

  @Test
  void anIssuerNeedsASourceOfKeys() {
    assertThatThrownBy(() -> read(Map.of("HUBIA_IDENTITY_ISSUER", ISSUER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "HUBIA_IDENTITY_ISSUER needs exactly one source of signing keys:"
                + " HUBIA_IDENTITY_JWKS_URL or HUBIA_IDENTITY_PUBLIC_KEY_SECRET");
  }

  @Test
  void anIssuerTakesOnlyOneSourceOfKeys() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "HUBIA_IDENTITY_ISSUER", ISSUER,
                        "HUBIA_IDENTITY_JWKS_URL", JWKS,
                        "HUBIA_IDENTITY_PUBLIC_KEY_SECRET", "hubia-identity-key")))
        .hasMessageContaining("needs exactly one source of signing keys");
  }

  @Test
  void keysAudienceOrCidrsWithoutAnIssuerAreRefusedEachByName() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "HUBIA_IDENTITY_JWKS_URL", JWKS,
                        "HUBIA_IDENTITY_PUBLIC_KEY_SECRET", "hubia-identity-key",
                        "HUBIA_IDENTITY_AUDIENCE", "hubia-runtime",
                        "HUBIA_IDENTITY_EGRESS_CIDRS", "203.0.113.0/24")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid identity settings for the runtime pods: ")
        .hasMessageContaining("HUBIA_IDENTITY_JWKS_URL is set but HUBIA_IDENTITY_ISSUER is not")
        .hasMessageContaining(
            "HUBIA_IDENTITY_PUBLIC_KEY_SECRET is set but HUBIA_IDENTITY_ISSUER is not")
        .hasMessageContaining("HUBIA_IDENTITY_AUDIENCE is set but HUBIA_IDENTITY_ISSUER is not")
        .hasMessageContaining(
            "HUBIA_IDENTITY_EGRESS_CIDRS is set but HUBIA_IDENTITY_ISSUER is not");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hubia-local",
        "keycloak.example.org/realms/hubia",
        "ftp://keycloak.example.org/realms/hubia",
        "https:///realms/hubia",
        "https://keycloak.example.org/realms/hubia?x=1",
        "https://keycloak.example.org/realms/hubia#top",
        "https://keycloak example.org"
      })
  void anIssuerIsAnHttpUrlWithAHostAndNoQueryOrFragment(String issuer) {
    assertThatThrownBy(() -> new RuntimeIdentity(issuer, JWKS, null, null, List.of()))
        .hasMessageContaining("HUBIA_IDENTITY_ISSUER '" + issuer + "' is not an issuer URL");
  }

  @Test
  void aPlainHttpIssuerIsAcceptedSinceItIsOnlyCompared() {
    RuntimeIdentity identity =
        new RuntimeIdentity(
            "http://keycloak.example.org/realms/hubia", JWKS, null, null, List.of());

    assertThat(identity.issuer()).isEqualTo("http://keycloak.example.org/realms/hubia");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://keycloak.example.org/certs",
        "https://keycloak:8443/certs",
        "http://keycloak.auth.svc:8080/realms/hubia/protocol/openid-connect/certs",
        "http://keycloak.auth.svc.cluster.local:8080/certs",
        "HTTP://Keycloak.Auth.SVC/certs",
        "http://localhost:8080/certs",
        "http://127.0.0.1:8080/certs",
        "http://[::1]:8080/certs"
      })
  void jwksOverHttpsOrOverHttpInsideTheClusterOrThePod(String url) {
    assertThat(jwks(url).jwksUrl()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://keycloak.example.org/certs",
        "http://keycloak:8080/certs",
        "http://keycloak.auth:8080/certs",
        "http://keycloak.auth.svc.example.org/certs",
        "http://10.0.0.12:8080/certs"
      })
  void jwksOverPlainHttpElsewhereIsRefused(String url) {
    assertThatThrownBy(() -> jwks(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HUBIA_IDENTITY_JWKS_URL '" + url + "' must use https");
  }

  @ParameterizedTest
  @ValueSource(strings = {"keycloak/certs", "file:///etc/jwks.json", "https:///certs", "::"})
  void aJwksUrlIsAnHttpUrlWithAHost(String url) {
    assertThatThrownBy(() -> jwks(url))
        .hasMessageContaining(
            "HUBIA_IDENTITY_JWKS_URL '" + url + "' is not an http or https URL with a host");
  }

  @Test
  void aJwksUrlCarriesNoCredentials() {
    assertThatThrownBy(() -> jwks("https://user:secret@keycloak.example.org/certs"))
        .hasMessageContaining("HUBIA_IDENTITY_JWKS_URL must not carry credentials")
        .hasMessageNotContaining("secret@");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Hubia-Key", "hubia_key", "-hubia", "hubia-"})
  void thePublicKeySecretMustBeASecretName(String name) {
    assertThatThrownBy(() -> new RuntimeIdentity(ISSUER, null, null, name, List.of()))
        .hasMessageContaining(
            "HUBIA_IDENTITY_PUBLIC_KEY_SECRET '" + name + "' is not a Secret name");
  }

  @Test
  void egressCidrsNeedAJwksUrlToReach() {
    assertThatThrownBy(
            () -> new RuntimeIdentity(ISSUER, null, null, "key", List.of("203.0.113.0/24")))
        .hasMessageContaining(
            "HUBIA_IDENTITY_EGRESS_CIDRS is set but HUBIA_IDENTITY_JWKS_URL is not");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "203.0.113.0",
        "203.0.113.0/33",
        "256.0.113.0/24",
        "keycloak.example.org/32",
        "2001:db8::/129",
        "2001:zz8::/32",
        "203.0.113.0/24/8"
      })
  void everyEgressCidrIsACidrBlock(String cidr) {
    assertThatThrownBy(() -> new RuntimeIdentity(ISSUER, JWKS, null, null, List.of(cidr)))
        .hasMessageContaining(
            "HUBIA_IDENTITY_EGRESS_CIDRS: '" + cidr + "' is not a CIDR block such as");
  }

  @ParameterizedTest
  @ValueSource(strings = {"203.0.113.0/24", "10.0.0.1/32", "0.0.0.0/0", "2001:db8::/32", "::/0"})
  void validCidrBlocksAreKept(String cidr) {
    assertThat(new RuntimeIdentity(ISSUER, JWKS, null, null, List.of(cidr)).egressCidrs())
        .containsExactly(cidr);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                new RuntimeIdentity(
                    "not a url", "http://keys.example.org", null, null, List.of("nope")))
        .hasMessageContaining("HUBIA_IDENTITY_ISSUER 'not a url'")
        .hasMessageContaining("must use https")
        .hasMessageContaining("'nope' is not a CIDR block");
  }
}
