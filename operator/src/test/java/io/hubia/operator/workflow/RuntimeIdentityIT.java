package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.RuntimeIdentity;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's identity and audit-migration settings on the mock API server: they reach the
 * runtime Deployment and its NetworkPolicy, a restart with other values rolls the pods, and a
 * missing public-key Secret holds the workflow like any credential Secret.
 */
@EnableKubernetesMockClient(crud = true)
class RuntimeIdentityIT {
  private static final String WORKFLOW = "assistant-adherents";
  private static final String ISSUER = "https://sso.example.org/realms/hubia";
  private static final String JWKS_URL =
      "http://keycloak.auth.svc:8080/realms/hubia/protocol/openid-connect/certs";
  private static final String KEY_SECRET = "hubia-identity-key";

  static KubernetesClient mockClient;
  static OperatorTestCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void createCluster() {
    cluster = new OperatorTestCluster(mockClient);
    client = cluster.client();
  }

  @AfterAll
  static void stopOperator() {
    cluster.close();
  }

  private static OperatorSettings jwksSettings() {
    return OperatorTestCluster.settings()
        .withIdentity(new RuntimeIdentity(ISSUER, JWKS_URL, "hubia-runtime", null, List.of()))
        .withAuditMigrate(false);
  }

  private static OperatorSettings publicKeySettings() {
    return OperatorTestCluster.settings()
        .withIdentity(new RuntimeIdentity(ISSUER, null, null, KEY_SECRET, List.of()))
        .withAuditMigrate(true);
  }

  /** Stops the running operator, if any, and starts one with these settings (an upgrade). */
  private static void runOperator(OperatorSettings settings) throws Exception {
    cluster.stopOperator();
    cluster.startOperator(settings);
  }

  private static void createWorkflow(String ns) {
    cluster.create(TestResources.policy(ns));
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    cluster.create(TestResources.workflow(ns));
  }

  private static void createPublicKeySecret(String ns) {
    String pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjAN...\n-----END PUBLIC KEY-----\n";
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(KEY_SECRET)
                .withNamespace(ns)
                .endMetadata()
                .withData(
                    Map.of(
                        RuntimeIdentity.PUBLIC_KEY_KEY,
                        Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
  }

  private static Deployment deployment(String ns) {
    return client.apps().deployments().inNamespace(ns).withName(WORKFLOW).get();
  }

  private static Optional<EnvVar> env(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst();
  }

  private static String value(Deployment deployment, String name) {
    return env(deployment, name).map(EnvVar::getValue).orElse(null);
  }

  private static boolean reachesNamespace(String ns, String target, int port) {
    List<NetworkPolicyEgressRule> egress =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(ns)
            .withName(WORKFLOW)
            .get()
            .getSpec()
            .getEgress();
    return egress.stream()
        .anyMatch(
            r ->
                r.getTo().size() == 1
                    && r.getTo().get(0).getNamespaceSelector() != null
                    && Map.of("kubernetes.io/metadata.name", target)
                        .equals(r.getTo().get(0).getNamespaceSelector().getMatchLabels())
                    && r.getPorts().size() == 1
                    && r.getPorts().get(0).getPort().getIntVal() == port);
  }

  @Test
  void identitySettingsReachTheRuntimeAndNewValuesRollThePods() throws Exception {
    runOperator(jwksSettings());
    String ns = OperatorTestCluster.namespace();
    createWorkflow(ns);
    cluster.awaitReady(AgentWorkflow.class, ns, WORKFLOW, "True", "Ready");

    Deployment first = deployment(ns);
    assertThat(value(first, "HUBIA_IDENTITY_ISSUER")).isEqualTo(ISSUER);
    assertThat(value(first, "HUBIA_IDENTITY_JWKS_URL")).isEqualTo(JWKS_URL);
    assertThat(value(first, "HUBIA_IDENTITY_AUDIENCE")).isEqualTo("hubia-runtime");
    assertThat(value(first, "HUBIA_AUDIT_MIGRATE")).isEqualTo("false");
    assertThat(env(first, "HUBIA_IDENTITY_PUBLIC_KEY")).isEmpty();
    assertThat(reachesNamespace(ns, "auth", 8080)).as("egress to the JWKS Service").isTrue();

    createPublicKeySecret(ns);
    runOperator(publicKeySettings());

    Deployment rolled =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> deployment(ns), d -> env(d, "HUBIA_IDENTITY_PUBLIC_KEY").isPresent());
    var keyRef = env(rolled, "HUBIA_IDENTITY_PUBLIC_KEY").orElseThrow().getValueFrom();
    assertThat(keyRef.getSecretKeyRef().getName()).isEqualTo(KEY_SECRET);
    assertThat(keyRef.getSecretKeyRef().getKey()).isEqualTo("public-key");
    assertThat(env(rolled, "HUBIA_IDENTITY_JWKS_URL")).isEmpty();
    assertThat(env(rolled, "HUBIA_IDENTITY_AUDIENCE")).isEmpty();
    assertThat(value(rolled, "HUBIA_AUDIT_MIGRATE")).isEqualTo("true");
    assertThat(rolled.getMetadata().getGeneration())
        .as("a new pod template, which the Deployment controller rolls out")
        .isGreaterThan(first.getMetadata().getGeneration());
    await().atMost(Duration.ofSeconds(30)).until(() -> !reachesNamespace(ns, "auth", 8080));
    cluster.awaitReady(AgentWorkflow.class, ns, WORKFLOW, "True", "Ready");
  }

  @Test
  void aMissingPublicKeySecretHoldsTheWorkflowUntilItExists() throws Exception {
    runOperator(publicKeySettings());
    String ns = OperatorTestCluster.namespace();
    createWorkflow(ns);

    AgentWorkflow held =
        cluster.awaitReady(AgentWorkflow.class, ns, WORKFLOW, "False", "SecretNotFound");
    assertThat(held.getStatus().getConditions().get(0).getMessage()).contains(KEY_SECRET);
    assertThat(deployment(ns)).as("nothing deployed without the key").isNull();

    createPublicKeySecret(ns);
    cluster.awaitReady(AgentWorkflow.class, ns, WORKFLOW, "True", "Ready");
    assertThat(env(deployment(ns), "HUBIA_IDENTITY_PUBLIC_KEY"))
        .hasValueSatisfying(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(KEY_SECRET);
            });
  }
}
