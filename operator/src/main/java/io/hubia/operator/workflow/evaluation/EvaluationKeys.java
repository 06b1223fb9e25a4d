package io.hubia.operator.workflow.evaluation;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.RuntimeIdentity;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The key pair of a workflow's evaluation issuer, made once by the operator and kept in a Secret:
 * the evaluation Job signs its callers' tokens with the private key, the evaluation runtime (and
 * only it) trusts the public key. The serving pods never trust this issuer.
 */
public final class EvaluationKeys {
  /** Key of the PKCS#8 PEM private key in the Secret. */
  public static final String PRIVATE_KEY = "private-key";

  /** Key of the public key, the same key name the runtime identity Secret uses. */
  public static final String PUBLIC_KEY = RuntimeIdentity.PUBLIC_KEY_KEY;

  private static final int BITS = 2048;

  private EvaluationKeys() {}

  /** A Secret with a fresh RSA key pair for the workflow's evaluation issuer. */
  public static Secret newSecret(AgentWorkflow workflow) {
    KeyPair pair = generate();
    return new SecretBuilder()
        .withMetadata(
            EvaluationNames.metadata(workflow, EvaluationNames.key(workflow), "evaluation-key"))
        .withType("Opaque")
        .addToStringData(PRIVATE_KEY, pem("PRIVATE KEY", pair.getPrivate().getEncoded()))
        .addToStringData(PUBLIC_KEY, pem("PUBLIC KEY", pair.getPublic().getEncoded()))
        .build();
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(BITS);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no RSA key generator", e);
    }
  }

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
