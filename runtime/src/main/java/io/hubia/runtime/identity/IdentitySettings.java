package io.hubia.runtime.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Which bearer tokens the runtime accepts; see application.properties. */
@ConfigMapping(prefix = "hubia.identity")
public interface IdentitySettings {

  /**
   * The OIDC issuer ({@code iss}) whose tokens are accepted (env {@code HUBIA_IDENTITY_ISSUER}).
   */
  Optional<String> issuer();

  /** Where the issuer publishes its signing keys (env {@code HUBIA_IDENTITY_JWKS_URL}). */
  Optional<String> jwksUrl();

  /**
   * The issuer's RSA public key in PEM, instead of a JWKS URL (env {@code
   * HUBIA_IDENTITY_PUBLIC_KEY}).
   */
  Optional<String> publicKey();

  /** The audience tokens must name in {@code aud}, if any (env {@code HUBIA_IDENTITY_AUDIENCE}). */
  Optional<String> audience();

  /** Tolerance on {@code exp}, {@code nbf} and {@code iat}. */
  @WithDefault("30s")
  Duration clockSkew();

  /**
   * The clients whose tokens are accepted, by their {@code azp} (or {@code client_id}); none: any
   * client of the issuer (env {@code HUBIA_IDENTITY_ALLOWED_CLIENTS}, comma-separated).
   */
  Optional<List<String>> allowedClients();

  /** Connect and read timeout of a JWKS fetch (no retry). */
  @WithDefault("3s")
  Duration jwksTimeout();

  /** How long fetched JWKS keys are used before they are fetched again (whole minutes). */
  @WithDefault("10m")
  Duration jwksRefreshInterval();

  /** A token whose key id is unknown refetches the JWKS at most this often (whole minutes). */
  @WithDefault("1m")
  Duration jwksForcedRefreshInterval();
}
