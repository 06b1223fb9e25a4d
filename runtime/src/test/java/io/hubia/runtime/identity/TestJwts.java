package io.hubia.runtime.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes compact JWS by hand (JSON, base64url, JDK signatures), so that tests can make any token,
 * including the ones a JWT library refuses to write, without the library under test.
 */
final class TestJwts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private TestJwts() {}

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims of a valid access token of {@code issuer} for {@code subject}, valid five minutes. */
  static Map<String, Object> claims(String issuer, String subject) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", issuer);
    c.put("sub", subject);
    c.put("iat", now);
    c.put("exp", now + 300);
    c.put("realm_access", Map.of("roles", List.of("member", "juriste")));
    c.put("email", "alice@example.org");
    return c;
  }

  static String encode(Object json) {
    try {
      return B64.encodeToString(JSON.writeValueAsBytes(json));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An RS256 (or other RSA {@code alg}) token signed by {@code key}, with key id {@code kid}. */
  static String rs(Map<String, Object> claims, PrivateKey key, String kid, String alg) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", alg);
    header.put("typ", "JWT");
    if (kid != null) {
      header.put("kid", kid);
    }
    String input = encode(header) + "." + encode(claims);
    String jca =
        switch (alg) {
          case "RS256" -> "SHA256withRSA";
          case "RS384" -> "SHA384withRSA";
          case "RS512" -> "SHA512withRSA";
          default -> throw new IllegalArgumentException(alg);
        };
    try {
      Signature signature = Signature.getInstance(jca);
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String rs256(Map<String, Object> claims, KeyPair key, String kid) {
    return rs(claims, key.getPrivate(), kid, "RS256");
  }

  /** HS256 with {@code secret} as the MAC key (algorithm confusion when it is a public key). */
  static String hs256(Map<String, Object> claims, byte[] secret) {
    String input = encode(Map.of("alg", "HS256", "typ", "JWT")) + "." + encode(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input
          + "."
          + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An unsecured JWT ({@code alg: none}, empty signature). */
  static String none(Map<String, Object> claims) {
    return encode(Map.of("alg", "none")) + "." + encode(claims) + ".";
  }

  /** The JWKS document publishing {@code keys} (kid to public key). */
  static byte[] jwks(Map<String, RSAPublicKey> keys) {
    List<Map<String, Object>> list =
        keys.entrySet().stream()
            .map(
                e ->
                    Map.<String, Object>of(
                        "kty",
                        "RSA",
                        "kid",
                        e.getKey(),
                        "use",
                        "sig",
                        "alg",
                        "RS256",
                        "n",
                        unsigned(e.getValue().getModulus().toByteArray()),
                        "e",
                        unsigned(e.getValue().getPublicExponent().toByteArray())))
            .toList();
    try {
      return JSON.writeValueAsBytes(Map.of("keys", list));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Base64url of a big-endian integer without its sign byte (RFC 7518 §6.3.1). */
  private static String unsigned(byte[] twosComplement) {
    int skip = twosComplement.length > 1 && twosComplement[0] == 0 ? 1 : 0;
    byte[] out = new byte[twosComplement.length - skip];
    System.arraycopy(twosComplement, skip, out, 0, out.length);
    return B64.encodeToString(out);
  }

  static String pem(RSAPublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
