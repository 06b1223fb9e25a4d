package io.hubia.runtime.identity;

import io.hubia.api.v1alpha1.spec.IdentitySpec;
import io.hubia.runtime.config.ConfigWatcher;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Authenticates requests: the {@link TokenVerifier} built from {@code hubia.identity.*} (and the
 * development issuer when enabled), reading roles and attributes as the current PolicySet says.
 *
 * <p>The settings are checked at start-up: an issuer without keys, or keys without an issuer, stop
 * the runtime with a message rather than refusing every token later.
 */
@Singleton
public class CallerAuthenticator {
  private static final Logger LOG = Logger.getLogger(CallerAuthenticator.class);

  private final TokenVerifier verifier;
  private final ConfigWatcher config;
  private final Optional<DevTokenIssuer> devIssuer;

  public CallerAuthenticator(
      IdentitySettings identity, DevIssuerSettings dev, ConfigWatcher config) {
    this.config = config;
    List<TokenVerifier.TrustedIssuer> issuers = new ArrayList<>();
    trustedIssuer(identity).ifPresent(issuers::add);
    if (dev.enabled()) {
      DevTokenIssuer issuer =
          new DevTokenIssuer(
              Clock.systemUTC(), dev.defaultTtl(), dev.maxTtl(), identity.audience().orElse(null));
      issuers.add(issuer.trustedIssuer());
      this.devIssuer = Optional.of(issuer);
    } else {
      this.devIssuer = Optional.empty();
    }
    this.verifier =
        new TokenVerifier(
            issuers,
            identity.audience().filter(v -> !v.isBlank()),
            identity.clockSkew(),
            identity.allowedClients().orElse(List.of()).stream()
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList());
  }

  static Optional<TokenVerifier.TrustedIssuer> trustedIssuer(IdentitySettings s) {
    Optional<String> jwks = s.jwksUrl().filter(v -> !v.isBlank());
    Optional<String> pem = s.publicKey().filter(v -> !v.isBlank());
    Optional<String> issuer = s.issuer().filter(v -> !v.isBlank());
    if (issuer.isEmpty()) {
      if (jwks.isPresent() || pem.isPresent()) {
        throw new IllegalStateException(
            "hubia.identity.jwks-url or public-key is set without hubia.identity.issuer");
      }
      return Optional.empty();
    }
    if (jwks.isPresent() == pem.isPresent()) {
      throw new IllegalStateException(
          "hubia.identity.issuer needs exactly one of hubia.identity.jwks-url and"
              + " hubia.identity.public-key");
    }
    if (issuer.get().equals(DevTokenIssuer.ISSUER)) {
      throw new IllegalStateException(
          "hubia.identity.issuer may not be "
              + DevTokenIssuer.ISSUER
              + " (the development issuer)");
    }
    return Optional.of(
        jwks.isPresent()
            ? TokenVerifier.TrustedIssuer.withJwks(
                issuer.get(),
                new TokenVerifier.Jwks(
                    jwks.get().strip(),
                    s.jwksTimeout(),
                    s.jwksRefreshInterval(),
                    s.jwksForcedRefreshInterval()))
            : TokenVerifier.TrustedIssuer.withPem(issuer.get(), pem.get()));
  }

  void onStart(@Observes StartupEvent event) {
    if (devIssuer.isPresent()) {
      LOG.warnf(
          "Development token issuer enabled (hubia.dev-issuer.enabled=true): POST /v1/dev/token"
              + " signs tokens for anyone as issuer %s. Local mode only, never in a cluster.",
          DevTokenIssuer.ISSUER);
    }
    if (verifier.issuers().isEmpty()) {
      LOG.warn(
          "No token issuer is trusted (set hubia.identity.issuer and hubia.identity.jwks-url or"
              + " public-key): every authenticated request will be refused");
    } else {
      LOG.infof(
          "Bearer tokens accepted from issuer(s) %s%s",
          verifier.issuers(),
          verifier.allowedClients().isEmpty()
              ? ""
              : ", issued to client(s) " + verifier.allowedClients());
    }
  }

  /**
   * The caller of a request, from its {@code Authorization} header.
   *
   * @throws AuthenticationException if it cannot be authenticated
   */
  public Caller authenticate(String authorization) {
    return verifier.verify(authorization, identitySpec());
  }

  /**
   * The caller of a request to a workflow governed by a policy whose identity settings are {@code
   * identity} (local mode serves workflows of several policies).
   *
   * @throws AuthenticationException if it cannot be authenticated
   */
  public Caller authenticate(String authorization, IdentitySpec identity) {
    return verifier.verify(authorization, identity);
  }

  /** The development issuer, when enabled. */
  public Optional<DevTokenIssuer> devIssuer() {
    return devIssuer;
  }

  /** The verifier in use. */
  public TokenVerifier verifier() {
    return verifier;
  }

  private IdentitySpec identitySpec() {
    return config
        .current()
        .map(s -> s.config().getPolicy().getSpec())
        .map(spec -> spec.getIdentity())
        .orElse(null);
  }
}
