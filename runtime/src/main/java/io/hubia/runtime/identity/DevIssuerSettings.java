package io.hubia.runtime.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The local-mode development token issuer; see application.properties. */
@ConfigMapping(prefix = "hubia.dev-issuer")
public interface DevIssuerSettings {

  /** Serve {@code POST /v1/dev/token} and trust its tokens (local mode only). */
  @WithDefault("false")
  boolean enabled();

  /** Lifetime of a token whose request gives no {@code ttlSeconds}. */
  @WithDefault("1h")
  Duration defaultTtl();

  /** The longest lifetime a request may ask for. */
  @WithDefault("24h")
  Duration maxTtl();
}
