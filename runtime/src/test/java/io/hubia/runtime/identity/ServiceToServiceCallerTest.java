package io.hubia.runtime.identity;

import static io.hubia.runtime.identity.TestJwts.claims;
import static io.hubia.runtime.identity.TestJwts.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.IdentitySpec;
import io.hubia.runtime.identity.AuthenticationException.Reason;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organisation's back end calling the runtime for a user, the two standard ways: it forwards
 * the user's own access token, or it exchanges that token for one meant for the runtime (OAuth 2.0
 * Token Exchange, RFC 8693). Either way the caller is the user; the audit records the client that
 * acted ({@code azp}) and, when the issuer delegates, the actor chain ({@code act}).
 */
class ServiceToServiceCallerTest {
  private static final String ISSUER = "https://keycloak.example.org/realms/hubia";
  private static final String RUNTIME = "hubia-runtime";

  private static KeyPair key;
  private static TokenVerifier verifier;

  @BeforeAll
  static void keys() {
    key = TestJwts.rsa(2048);
    verifier = verifier(List.of());
  }

  static TokenVerifier verifier(List<String> allowedClients) {
    return new TokenVerifier(
        List.of(TokenVerifier.TrustedIssuer.withKey(ISSUER, key.getPublic())),
        Optional.of(RUNTIME),
        Duration.ofSeconds(30),
        allowedClients);
  }

  /**
   * A Keycloak access token of user marie (realm roles, branch claim), changed by {@code change}.
   */
  static String token(Consumer<Map<String, Object>> change) {
    Map<String, Object> c = claims(ISSUER, "f3b1c2d4-marie");
    c.put("realm_access", Map.of("roles", List.of("collaborateur")));
    c.put("antenne", "lyon");
    c.put("scope", "openid profile");
    change.accept(c);
    return "Bearer " + rs256(c, key, "k1");
  }

  static IdentitySpec branchAttribute() {
    IdentitySpec identity = new IdentitySpec();
    identity.setAttributes(List.of(TokenVerifierTest.attribute("branch", "antenne")));
    return identity;
  }

  @Test
  void aForwardedUserTokenIsTheUsersAndMustNameTheRuntimeAsAudience() {
    // the front end's token, with the runtime added to its audience by an audience mapper
    String forwarded =
        token(
            c -> {
              c.put("aud", List.of(RUNTIME, "account"));
              c.put("azp", "portal");
            });

    Caller marie = verifier.verify(forwarded, branchAttribute());

    assertThat(marie.subject()).isEqualTo("f3b1c2d4-marie");
    assertThat(marie.roles()).containsExactly("collaborateur");
    assertThat(marie.attribute("branch")).containsExactly("lyon");
    assertThat(marie.claims()).containsEntry("azp", "portal").doesNotContainKey("act");

    // the same token without the runtime in its audience was meant for someone else
    TokenVerifierTest.assertRejected(
        verifier,
        token(
            c -> {
              c.put("aud", "account");
              c.put("azp", "portal");
            }),
        null,
        Reason.WRONG_AUDIENCE);
  }

  @Test
  void anExchangedTokenKeepsTheUserAsSubjectAndRecordsWhoActed() {
    // Keycloak's standard token exchange: the back end is the requesting client (azp), the
    // runtime the requested audience, the user stays the subject
    String exchanged =
        token(
            c -> {
              c.put("aud", RUNTIME);
              c.put("azp", "backend-client");
            });
    Caller marie = verifier.verify(exchanged, branchAttribute());
    assertThat(marie.subject()).isEqualTo("f3b1c2d4-marie");
    assertThat(marie.attribute("branch")).containsExactly("lyon");
    assertThat(marie.claims())
        .containsEntry("sub", "f3b1c2d4-marie")
        .containsEntry("azp", "backend-client");

    // RFC 8693 delegation: the actor in act, with the actors before it nested (a chain)
    String delegated =
        token(
            c -> {
              c.put("aud", RUNTIME);
              c.put("azp", "backend-client");
              c.put(
                  "act",
                  Map.of(
                      "sub",
                      "service-account-backend-client",
                      "act",
                      Map.of("sub", "service-account-gateway")));
            });
    Caller viaBackend = verifier.verify(delegated, null);
    assertThat(viaBackend.subject()).isEqualTo("f3b1c2d4-marie");
    assertThat(viaBackend.roles()).containsExactly("collaborateur");
    assertThat(viaBackend.claims())
        .containsEntry("azp", "backend-client")
        .containsEntry(
            "act",
            Map.of(
                "sub",
                "service-account-backend-client",
                "act",
                Map.of("sub", "service-account-gateway")));
    // the audit keeps who, through which client, and who acted: in this order
    assertThat(viaBackend.claims().keySet())
        .containsSubsequence("iss", "sub", "aud", "azp", "act", "iat", "exp");
  }

  @Test
  void aClientCredentialsTokenIsTheBackEndItselfWhateverItClaims() {
    // the back end's own token (client credentials): its subject is its service account; a claim
    // naming a user is not an identity the runtime can verify, and is not read
    Caller backend =
        verifier.verify(
            token(
                c -> {
                  c.put("sub", "service-account-backend-client");
                  c.put("aud", RUNTIME);
                  c.put("azp", "backend-client");
                  c.put("on_behalf_of", "f3b1c2d4-marie");
                  c.remove("realm_access");
                }),
            null);
    assertThat(backend.subject()).isEqualTo("service-account-backend-client");
    assertThat(backend.roles()).isEmpty();
    assertThat(backend.claims()).doesNotContainKey("on_behalf_of");
  }

  @Test
  void allowedClientsLimitWhichClientsTokensAreAccepted() {
    TokenVerifier limited = verifier(List.of("portal", "backend-client"));
    assertThat(limited.allowedClients()).containsExactly("portal", "backend-client");

    assertThat(
            limited
                .verify(
                    token(
                        c -> {
                          c.put("aud", RUNTIME);
                          c.put("azp", "backend-client");
                        }),
                    null)
                .subject())
        .isEqualTo("f3b1c2d4-marie");
    // RFC 9068 names the client client_id
    assertThat(
            limited
                .verify(
                    token(
                        c -> {
                          c.put("aud", RUNTIME);
                          c.put("client_id", "portal");
                        }),
                    null)
                .claims())
        .containsEntry("client_id", "portal");

    TokenVerifierTest.assertRejected(
        limited,
        token(
            c -> {
              c.put("aud", RUNTIME);
              c.put("azp", "intranet");
            }),
        null,
        Reason.CLIENT_NOT_ALLOWED);
    // azp wins over client_id; no client at all is not an allowed one
    TokenVerifierTest.assertRejected(
        limited,
        token(
            c -> {
              c.put("aud", RUNTIME);
              c.put("azp", "intranet");
              c.put("client_id", "portal");
            }),
        null,
        Reason.CLIENT_NOT_ALLOWED);
    TokenVerifierTest.assertRejected(
        limited, token(c -> c.put("aud", RUNTIME)), null, Reason.CLIENT_NOT_ALLOWED);

    AuthenticationException refused = new AuthenticationException(Reason.CLIENT_NOT_ALLOWED);
    assertThat(refused.toProblem("/v1/me").status()).isEqualTo(401);
    assertThat(refused.toProblem("/v1/me").type())
        .isEqualTo("https://hubia.io/problems/invalid-token");
    assertThat(refused.challenge()).contains("error=\"invalid_token\"");
  }

  @Test
  void developmentTokensCanActForAUserThroughTheSameChecks() {
    DevTokenIssuer dev =
        new DevTokenIssuer(Clock.systemUTC(), Duration.ofHours(1), Duration.ofHours(24), RUNTIME);
    TokenVerifier local =
        new TokenVerifier(
            List.of(dev.trustedIssuer()),
            Optional.of(RUNTIME),
            Duration.ofSeconds(30),
            List.of("backend-client"));
    String token =
        dev.issue(
                "marie",
                Map.of("azp", "backend-client", "act", Map.of("sub", "backend-client")),
                null)
            .token();

    Caller marie = local.verify("Bearer " + token, null);

    assertThat(marie.subject()).isEqualTo("marie");
    assertThat(marie.claims())
        .containsEntry("azp", "backend-client")
        .containsEntry("act", Map.of("sub", "backend-client"))
        .containsEntry("aud", RUNTIME);
    assertThatThrownBy(() -> local.verify("Bearer " + dev.issue("marie", null, null).token(), null))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.CLIENT_NOT_ALLOWED));
  }
}
