package io.hubia.runtime.identity;

import io.smallrye.jwt.KeyFormat;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.KeyLocationResolver;
import io.smallrye.jwt.auth.principal.ParseException;
import java.io.IOException;
import java.security.Key;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Builds SmallRye JWT's {@link JWTParser} for one trusted issuer, so that every issuer (the
 * configured one and the local development issuer) goes through the same validation.
 *
 * <p>Two things the library has no setting for are added through its extension points: the JWKS
 * fetch is bounded by the configured timeout with no retry (the library's default client waits 20 s
 * per attempt and retries three times), and an unreachable key set is told apart from an unknown
 * key (503 {@code KEYS_UNAVAILABLE} rather than 401 {@code BAD_SIGNATURE}).
 */
final class IssuerTokenParsers {
  private IssuerTokenParsers() {}

  /**
   * A parser that accepts the tokens of {@code issuer} only.
   *
   * @param audience what {@code aud} must hold, if anything
   * @param clockSkew tolerance on {@code exp} and {@code nbf}
   */
  static JWTParser forIssuer(
      TokenVerifier.TrustedIssuer issuer, Optional<String> audience, Duration clockSkew) {
    IssuerContext context = new IssuerContext(issuer.jwks());
    context.setIssuedBy(issuer.issuer());
    context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
    // jose4j's own key checks (RSA keys of at least 2048 bits); the library relaxes them by default
    context.setRelaxVerificationKeyValidation(false);
    context.setClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
    context.setExpGracePeriodSecs(0);
    // no lifetime limit; the library requires iat only along with one, and iat stays optional
    context.setMaxTimeToLiveSecs(0L);
    context.setRequiredClaims(Set.of("sub"));
    context.setExpectedAudience(audience.map(Set::of).orElse(null));
    if (issuer.key() != null) {
      context.setPublicVerificationKey(issuer.key());
    } else {
      TokenVerifier.Jwks jwks = issuer.jwks();
      context.setPublicKeyLocation(jwks.url());
      context.setKeyFormat(KeyFormat.JWK);
      context.setJwksRefreshInterval(wholeMinutes(jwks.refreshInterval()));
      context.setForcedJwksRefreshInterval(wholeMinutes(jwks.forcedRefreshInterval()));
      // an unreachable identity provider: keep the keys fetched last, retrying every interval
      context.setJwksRetainCacheOnErrorDuration(wholeMinutes(jwks.refreshInterval()));
    }
    return new DefaultJWTParser(context, new IssuerPrincipalFactory());
  }

  /** The library counts JWKS intervals in minutes: at least one, rounded up. */
  static int wholeMinutes(Duration d) {
    long seconds = Math.max(60, d.toSeconds());
    return (int) Math.min(Integer.MAX_VALUE, (seconds + 59) / 60);
  }

  /** The library's per-issuer settings, with the JWKS fetch settings it has no field for. */
  static final class IssuerContext extends JWTAuthContextInfo {
    private final TokenVerifier.Jwks jwks;

    IssuerContext(TokenVerifier.Jwks jwks) {
      this.jwks = jwks;
    }
  }

  /**
   * The library's default factory, with a token parser of its own (it caches the issuer's keys).
   */
  static final class IssuerPrincipalFactory extends JWTCallerPrincipalFactory {
    private final DefaultJWTTokenParser parser = new BoundedJwksTokenParser();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context)
        throws ParseException {
      JwtContext parsed = parser.parse(token, context);
      return new DefaultJWTCallerPrincipal(
          parsed.getJoseObjects().get(0).getHeader("typ"), parsed.getJwtClaims());
    }
  }

  /** The library's token parser, resolving JWKS keys with {@link BoundedJwksResolver}. */
  static final class BoundedJwksTokenParser extends DefaultJWTTokenParser {
    private volatile VerificationKeyResolver keys;

    @Override
    protected VerificationKeyResolver getVerificationKeyResolver(JWTAuthContextInfo context)
        throws UnresolvableKeyException {
      VerificationKeyResolver resolved = keys;
      if (resolved == null) {
        synchronized (this) {
          resolved = keys;
          if (resolved == null) {
            // the constructor fetches the key set; when that fails nothing is kept, and the next
            // token tries again
            resolved = new BoundedJwksResolver((IssuerContext) context);
            keys = resolved;
          }
        }
      }
      return resolved;
    }
  }

  /**
   * The library's key resolver (JWKS cached, refetched when it expires and, at most once per forced
   * refresh interval, for an unknown key id) with a bounded fetch that records its failures.
   */
  static final class BoundedJwksResolver extends KeyLocationResolver {

    BoundedJwksResolver(IssuerContext context) throws UnresolvableKeyException {
      super(context);
    }

    @Override
    protected Get getHttpGet() {
      Duration timeout = ((IssuerContext) authContextInfo).jwks.timeout();
      int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      Get get = new Get();
      get.setConnectTimeout(millis);
      get.setReadTimeout(millis);
      get.setRetries(0);
      return get;
    }

    @Override
    protected HttpsJwks getHttpsJwks(String location) {
      HttpsJwks jwks = new TrackedJwks(location);
      jwks.setDefaultCacheDuration(authContextInfo.getJwksRefreshInterval().longValue() * 60L);
      return jwks;
    }

    /**
     * Reached only when the JWKS URL answered something that is not a key set: the library would
     * read it again, without a timeout, as a key file.
     */
    @Override
    protected String readKeyContent(String location) throws IOException {
      throw new IOException("the JWKS URL did not answer a JSON Web Key Set");
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting)
        throws UnresolvableKeyException {
      try {
        return super.resolveKey(jws, nesting);
      } catch (UnresolvableKeyException e) {
        // the latest fetch failed: whether the key exists cannot be known
        IOException unavailable =
            httpsJwks instanceof TrackedJwks tracked ? tracked.lastFailure : null;
        if (unavailable != null) {
          throw new UnresolvableKeyException("the JWKS cannot be fetched", unavailable);
        }
        throw e;
      }
    }
  }

  /** A JWKS whose latest fetch failure, if the latest fetch failed, is kept. */
  static final class TrackedJwks extends HttpsJwks {
    private volatile IOException lastFailure;

    TrackedJwks(String location) {
      super(location);
    }

    @Override
    public void refresh() throws JoseException, IOException {
      try {
        super.refresh();
        lastFailure = null;
      } catch (IOException e) {
        lastFailure = e;
        throw e;
      } catch (JoseException e) {
        lastFailure = new IOException("the JWKS URL did not answer a JSON Web Key Set", e);
        throw e;
      }
    }
  }
}
