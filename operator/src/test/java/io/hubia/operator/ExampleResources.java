package io.hubia.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.api.v1alpha1.status.PolicySetStatus;
import io.hubia.api.v1alpha1.status.RetrievalIndexStatus;
import io.hubia.operator.workflow.ResolvedReferences;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Valid example resources for the unit tier, read fresh from src/test/resources/unit on every call
 * so that a test may change its copy freely.
 */
public final class ExampleResources {
  /** Namespace of every example resource. */
  public static final String NAMESPACE = "team-a";

  /** Value of every key of {@link #secret}: a test asserts it never leaves the Secret. */
  public static final String SECRET_VALUE = "s3cr3t-value-never-rendered";

  private ExampleResources() {}

  /** A valid AgentWorkflow with every part set (generation 4). */
  public static AgentWorkflow workflow() {
    return load("agentworkflow", AgentWorkflow.class);
  }

  /** A valid PolicySet (generation 2), Ready at its generation. */
  public static PolicySet policy() {
    PolicySet policy = load("policyset", PolicySet.class);
    PolicySetStatus status = new PolicySetStatus();
    status.setObservedGeneration(policy.getMetadata().getGeneration());
    status.getConditions().add(ready(true, policy.getMetadata().getGeneration()));
    policy.setStatus(status);
    return policy;
  }

  /** A valid RetrievalIndex (generation 3) named {@code name}, synced and Ready. */
  public static RetrievalIndex index(String name) {
    RetrievalIndex index = load("retrievalindex", RetrievalIndex.class);
    index.getMetadata().setName(name);
    RetrievalIndexStatus status = new RetrievalIndexStatus();
    status.setObservedGeneration(index.getMetadata().getGeneration());
    status.getConditions().add(ready(true, index.getMetadata().getGeneration()));
    status.setAlias("hubia." + NAMESPACE + "." + name);
    status.setIndexName("hubia." + NAMESPACE + "." + name + ".v1");
    status.setEmbeddingModel("all-MiniLM-L6-v2");
    status.setContentGeneration(7L);
    index.setStatus(status);
    return index;
  }

  /** The references of {@link #workflow()}, resolved. */
  public static ResolvedReferences references() {
    return new ResolvedReferences(policy(), List.of(index("guides"), index("crm-articles")));
  }

  /** A Ready condition computed for {@code generation}. */
  public static Condition ready(boolean status, Long generation) {
    Condition condition = new Condition();
    condition.setType("Ready");
    condition.setStatus(status ? "True" : "False");
    condition.setReason(status ? "Ready" : "InvalidSpec");
    condition.setMessage(status ? "Valid and enforced" : "Fix the spec: something");
    condition.setLastTransitionTime("2026-01-05T08:00:00Z");
    condition.setObservedGeneration(generation);
    return condition;
  }

  /** A Secret whose {@code data} holds {@code keys}, each with {@link #SECRET_VALUE}. */
  public static Secret secret(String name, String... keys) {
    SecretBuilder secret =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata();
    String encoded =
        Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8));
    for (String key : keys) {
      secret.addToData(key, encoded);
    }
    return secret.build();
  }

  /**
   * Operator settings with an in-cluster OpenSearch, an IP-addressed audit store and both Secrets.
   */
  public static OperatorSettings settings() {
    return new OperatorSettings(
        Set.of(),
        "ghcr.io/hubia/hubia-runtime:default",
        "https://opensearch.hubia-system.svc:9200",
        "hubia-opensearch",
        "jdbc:postgresql://10.0.0.12:5432/hubia",
        "hubia-audit",
        false,
        "hubia-operator-lease",
        null,
        0,
        10);
  }

  /** {@link #settings()} without the OpenSearch and audit Secrets. */
  public static OperatorSettings settingsWithoutSecrets() {
    OperatorSettings s = settings();
    return new OperatorSettings(
        s.namespaces(),
        s.runtimeImage(),
        s.opensearchUrl(),
        null,
        s.auditJdbcUrl(),
        null,
        s.leaderElection(),
        s.leaseName(),
        s.leaseNamespace(),
        s.httpPort(),
        s.reconcileThreads());
  }

  /** Reads src/test/resources/unit/{name}.yaml. */
  public static <T extends HasMetadata> T load(String name, Class<T> type) {
    try (InputStream in = ExampleResources.class.getResourceAsStream("/unit/" + name + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("missing unit test resource " + name);
      }
      return Serialization.unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
