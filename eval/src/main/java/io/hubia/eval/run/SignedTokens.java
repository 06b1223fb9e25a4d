package io.hubia.eval.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.eval.GoldenCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens the evaluation signs itself, for a runtime that trusts an evaluation issuer whose RSA key
 * pair the operator generates: an RS256 JWT per caller (subject and claims), signed with the
 * issuer's private key (PKCS#8 PEM) using the JDK only.
 *
 * <p>The payload is the caller's claims, then {@code sub}, {@code iss}, {@code aud} (when an
 * audience is given), {@code iat}, {@code nbf}, {@code exp} ({@link #LIFETIME} after {@code iat})
 * and a random {@code jti}; these registered claims replace caller claims of the same name. A token
 * is cached per caller and signed again when less than {@link #RENEW_BEFORE} of its life is left,
 * so that a long run never sends an expired token. Neither the key nor a token is ever logged,
 * printed or put in an exception message.
 */
public final class SignedTokens implements TokenSource {
  /** How long a token is valid. */
  static final Duration LIFETIME = Duration.ofHours(1);

  /** A cached token is signed again when it has less than this left. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

  /** The smallest RSA modulus accepted, in bits (the runtime refuses smaller keys too). */
  static final int MIN_BITS = 2048;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PKCS8_END = "-----END PRIVATE KEY-----";

  private final PrivateKey key;
  private final String issuer;
  private final String audience;
  private final Clock clock;
  private final Map<GoldenCase.Caller, Minted> cache = new ConcurrentHashMap<>();

  private record Minted(String token, long expiresAt) {}

  /**
   * @param key the issuer's RSA private key, {@value #MIN_BITS} bits or more
   * @param issuer the {@code iss} the runtime trusts
   * @param audience the {@code aud} the runtime requires, or {@code null} for none
   * @param clock the clock of {@code iat}, {@code nbf} and {@code exp}
   */
  public SignedTokens(PrivateKey key, String issuer, String audience, Clock clock) {
    if (!(key instanceof RSAPrivateKey rsa)) {
      throw new IllegalArgumentException("the signing key must be an RSA private key");
    }
    if (rsa.getModulus().bitLength() < MIN_BITS) {
      throw new IllegalArgumentException(
          "the signing key has "
              + rsa.getModulus().bitLength()
              + " bits; RS256 tokens need an RSA key of at least "
              + MIN_BITS
              + " bits");
    }
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("signed tokens need an issuer (--token-issuer)");
    }
    this.key = key;
    this.issuer = issuer.strip();
    this.audience = audience == null || audience.isBlank() ? null : audience.strip();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads the private key from a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}).
   *
   * @throws IllegalArgumentException when the file is missing or is not such a key, or the key is
   *     too short; the message names the file, never its content
   */
  public static SignedTokens fromPemFile(Path file, String issuer, String audience, Clock clock)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("signing key " + file + " does not exist");
    }
    return new SignedTokens(
        readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString()),
        issuer,
        audience,
        clock);
  }

  /**
   * An RSA private key from PKCS#8 PEM text; {@code origin} names the text in errors.
   *
   * @throws IllegalArgumentException when the text is not one PKCS#8 RSA private key
   */
  static PrivateKey readPrivateKey(String pem, String origin) {
    String text = pem == null ? "" : pem.strip();
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          origin
              + " is a PKCS#1 key (BEGIN RSA PRIVATE KEY); give it in PKCS#8 (BEGIN PRIVATE KEY),"
              + " e.g. openssl pkcs8 -topk8 -nocrypt -in key.pem");
    }
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          origin + " is an encrypted private key; the signing key must not be encrypted");
    }
    if (text.contains("-----BEGIN PUBLIC KEY-----") || text.contains("CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          origin + " holds a public key or certificate; --signing-key needs the private key");
    }
    int begin = text.indexOf(PKCS8_BEGIN);
    int end = text.indexOf(PKCS8_END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          origin + " is not a PEM private key (-----BEGIN PRIVATE KEY----- ... END PRIVATE KEY)");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + PKCS8_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      // the decoder's message quotes a character of the key: say only what is wrong
      throw new IllegalArgumentException(origin + ": the PEM private key is not valid base64");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(origin + " is not a PKCS#8 RSA private key");
    }
  }

  @Override
  public String tokenFor(GoldenCase.Caller caller) throws IOException {
    long now = clock.instant().getEpochSecond();
    Minted minted = cache.get(caller);
    if (minted == null || minted.expiresAt() - now < RENEW_BEFORE.toSeconds()) {
      minted = mint(caller, now);
      cache.put(caller, minted);
    }
    return minted.token();
  }

  private Minted mint(GoldenCase.Caller caller, long now) throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    Map<String, Object> claims = new LinkedHashMap<>(caller.claims());
    long expiresAt = now + LIFETIME.toSeconds();
    // registered claims last, so that a golden set cannot override them
    claims.keySet().removeAll(List.of("sub", "iss", "aud", "iat", "nbf", "exp", "jti"));
    claims.put("sub", caller.subject());
    claims.put("iss", issuer);
    if (audience != null) {
      claims.put("aud", audience);
    }
    claims.put("iat", now);
    claims.put("nbf", now);
    claims.put("exp", expiresAt);
    claims.put("jti", UUID.randomUUID().toString());
    String input;
    try {
      input =
          B64URL.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
    } catch (JsonProcessingException e) {
      throw new IOException(
          "the claims of subject '" + caller.subject() + "' cannot be written as JSON");
    }
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return new Minted(input + "." + B64URL.encodeToString(signature.sign()), expiresAt);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot sign a token for subject '" + caller.subject() + "': " + e.getClass().getName());
    }
  }

  /** Names the issuer only, so that printing the source never prints a key or a token. */
  @Override
  public String toString() {
    return "SignedTokens[iss=" + issuer + ", " + cache.size() + " cached]";
  }
}
