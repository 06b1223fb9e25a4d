package io.hubia.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.eval.GoldenCase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedTokensTest {
  private static final String ISSUER = "https://hubia.example.org/evaluation/assistant";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  private static KeyPair key;

  @TempDir Path dir;

  @BeforeAll
  static void keys() throws Exception {
    key = rsa(2048);
  }

  static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  /** PEM as the operator's Secret holds it: PKCS#8 private key, X.509 public key. */
  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  static Path privateKeyFile(Path dir, KeyPair pair) throws Exception {
    Path file = dir.resolve("private-key");
    Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    return file;
  }

  static JsonNode part(String token, int index) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
  }

  static boolean verifies(String token, PublicKey publicKey) throws Exception {
    String[] parts = token.split("\\.");
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initVerify(publicKey);
    signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
  }

  private static GoldenCase.Caller marie() {
    return new GoldenCase.Caller(
        "marie",
        Map.of("realm_access", Map.of("roles", List.of("collaborateur")), "antenne", "lyon"));
  }

  @Test
  void signsAnRs256TokenWithTheCallersClaimsThatThePublicKeyVerifies() throws Exception {
    SignedTokens tokens =
        SignedTokens.fromPemFile(
            privateKeyFile(dir, key), ISSUER, "hubia-runtime", Clock.fixed(NOW, ZoneOffset.UTC));

    String token = tokens.tokenFor(marie());

    assertThat(token.split("\\.")).hasSize(3);
    assertThat(token).doesNotContain("=").doesNotContain("+").doesNotContain("/");
    assertThat(verifies(token, key.getPublic())).isTrue();
    assertThat(verifies(token, rsa(2048).getPublic())).isFalse();
    JsonNode header = part(token, 0);
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    assertThat(header.get("typ").asText()).isEqualTo("JWT");
    JsonNode claims = part(token, 1);
    assertThat(claims.get("sub").asText()).isEqualTo("marie");
    assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
    assertThat(claims.get("aud").asText()).isEqualTo("hubia-runtime");
    assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.get("nbf").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);
    assertThat(claims.get("jti").asText()).hasSizeGreaterThan(20);
    assertThat(claims.get("antenne").asText()).isEqualTo("lyon");
    assertThat(claims.at("/realm_access/roles/0").asText()).isEqualTo("collaborateur");
  }

  @Test
  void registeredClaimsCannotBeOverriddenByTheGoldenSetAndAudienceIsOptional() throws Exception {
    SignedTokens tokens =
        new SignedTokens(key.getPrivate(), ISSUER, null, Clock.fixed(NOW, ZoneOffset.UTC));
    GoldenCase.Caller forger =
        new GoldenCase.Caller(
            "paul", Map.of("iss", "https://elsewhere", "exp", 9999999999L, "sub", "root"));

    JsonNode claims = part(tokens.tokenFor(forger), 1);

    assertThat(claims.get("iss").asText()).isEqualTo(ISSUER);
    assertThat(claims.get("sub").asText()).isEqualTo("paul");
    assertThat(claims.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);
    assertThat(claims.has("aud")).isFalse();
  }

  @Test
  void cachesOneTokenPerCallerAndSignsAnewBeforeItExpires() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    SignedTokens tokens = new SignedTokens(key.getPrivate(), ISSUER, null, clock);
    String first = tokens.tokenFor(marie());

    assertThat(tokens.tokenFor(marie())).isEqualTo(first);
    assertThat(tokens.tokenFor(new GoldenCase.Caller("paul", Map.of()))).isNotEqualTo(first);
    assertThat(tokens.tokenFor(new GoldenCase.Caller("marie", Map.of("antenne", "paris"))))
        .isNotEqualTo(first);

    clock.now = NOW.plus(Duration.ofMinutes(45));
    assertThat(tokens.tokenFor(marie())).isEqualTo(first);
    clock.now = NOW.plus(Duration.ofMinutes(51));
    String renewed = tokens.tokenFor(marie());
    assertThat(renewed).isNotEqualTo(first);
    assertThat(part(renewed, 1).get("exp").asLong()).isEqualTo(clock.now.getEpochSecond() + 3600);
    assertThat(tokens.toString()).doesNotContain(first).contains(ISSUER);
  }

  @Test
  void refusesShortKeysAndAnythingButAPkcs8RsaPrivateKeyWithoutQuotingIt() throws Exception {
    KeyPair small = rsa(1024);
    Path smallFile = privateKeyFile(dir, small);
    assertThatThrownBy(() -> SignedTokens.fromPemFile(smallFile, ISSUER, null, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1024 bits")
        .hasMessageContaining("at least 2048");

    String body = pem("PRIVATE KEY", key.getPrivate().getEncoded());
    String base64Line = body.split("\n")[1];
    Map<String, String> bad =
        Map.of(
            "pkcs1", body.replace("PRIVATE KEY", "RSA PRIVATE KEY"),
            "public", pem("PUBLIC KEY", key.getPublic().getEncoded()),
            "encrypted", body.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY"),
            "garbage", "not a key at all",
            "corrupt", body.replace(base64Line, "AAAAAAAA" + base64Line.substring(8)),
            "truncated", body.replace(base64Line, base64Line.substring(0, 40)));
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      Files.writeString(file, entry.getValue());
      assertThatThrownBy(() -> SignedTokens.fromPemFile(file, ISSUER, null, Clock.systemUTC()))
          .as(entry.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(file.toString())
          .hasMessageNotContaining(base64Line.substring(0, 16))
          .hasNoCause();
    }
    assertThatThrownBy(
            () -> SignedTokens.fromPemFile(dir.resolve("pkcs1"), ISSUER, null, Clock.systemUTC()))
        .hasMessageContaining("PKCS#1");
    assertThatThrownBy(
            () -> SignedTokens.fromPemFile(dir.resolve("public"), ISSUER, null, Clock.systemUTC()))
        .hasMessageContaining("needs the private key");
    assertThatThrownBy(
            () -> SignedTokens.fromPemFile(dir.resolve("absent"), ISSUER, null, Clock.systemUTC()))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> new SignedTokens(key.getPrivate(), " ", null, Clock.systemUTC()))
        .hasMessageContaining("--token-issuer");
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
