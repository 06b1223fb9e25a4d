package io.hubia.runtime.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

  /** Connect and read timeout of a JWKS fetch. */
  @WithDefault("3s")
  Duration jwksTimeout();
}
