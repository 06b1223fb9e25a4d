package io.hubia.operator.workflow.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.hubia.operator.ExampleResources;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EvaluationKeysTest {
  private static byte[] der(String pem) {
    return Base64.getMimeDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }

  @Test
  void secretHoldsAMatching2048BitPairInPem() throws Exception {
    Secret secret = EvaluationKeys.newSecret(ExampleResources.workflow());
    String privatePem = secret.getStringData().get("private-key");
    String publicPem = secret.getStringData().get("public-key");
    assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n");

    KeyFactory rsa = KeyFactory.getInstance("RSA");
    var privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
    var publicKey = (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(der(publicPem)));
    assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(privateKey);
    byte[] data = "header.payload".getBytes(StandardCharsets.UTF_8);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(publicKey);
    verifier.update(data);
    assertThat(verifier.verify(signature)).isTrue();
    assertThat(EvaluationKeys.newSecret(ExampleResources.workflow()).getStringData())
        .as("every workflow gets its own pair")
        .isNotEqualTo(secret.getStringData());
  }
}
