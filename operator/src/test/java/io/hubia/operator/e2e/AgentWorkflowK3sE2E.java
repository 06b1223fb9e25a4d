package io.hubia.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.operator.HubiaOperator;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import io.hubia.operator.workflow.desired.AgentLabels;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The operator against a real API server (K3s in Docker), wired as in production. It checks what
 * the mock API server cannot: the CRDs as generated are accepted, their CEL rules reject invalid
 * resources, a real Deployment controller reports the rollout, and owner references let the garbage
 * collector remove what a deleted workflow owned.
 *
 * <p>Needs Docker; without it the class is reported as skipped. The agent runtime image is not
 * pulled in this test (there is no registry to pull it from), so the Deployment never becomes
 * available: the workflow is expected to stay Ready=False with reason RolloutInProgress once
 * everything else is in place.
 */
@Testcontainers(disabledWithoutDocker = true)
class AgentWorkflowK3sE2E {
  /** A K3s whose API server evaluates CRD validation rules (CEL is GA since Kubernetes 1.29). */
  @Container
  static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String WORKFLOW = "assistant-adherents";

  static KubernetesClient client;
  static HubiaOperator operator;

  @BeforeAll
  static void startOperator() throws Exception {
    client =
        HubiaOperator.lenientClient(
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())));
    TestResources.registerHubiaCrds(client);
    for (String plural : List.of("agentworkflows", "retrievalindexes", "policysets")) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(plural + ".hubia.io")
          .waitUntilCondition(AgentWorkflowK3sE2E::established, 60, TimeUnit.SECONDS);
    }
    operator = HubiaOperator.start(client, OperatorSettings.forTests());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
  }

  @Test
  void createsEveryOwnedObjectWithOwnerReferenceAndReportsTheRollout() {
    String ns = newNamespace();
    AgentWorkflow workflow = deployWorkflow(ns);

    AgentWorkflow rolling =
        awaitCondition(AgentWorkflow.class, ns, WORKFLOW, "False", "RolloutInProgress");
    assertThat(condition(rolling.getStatus().getConditions(), ConditionType.SpecValid))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(condition(rolling.getStatus().getConditions(), ConditionType.ReferencesResolved))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Resolved");
            });
    assertThat(condition(rolling.getStatus().getConditions(), ConditionType.Available))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("DeploymentUnavailable");
            });
    assertThat(rolling.getStatus().getEndpoint())
        .isEqualTo("http://" + WORKFLOW + "." + ns + ".svc:8080/v1/agents/" + WORKFLOW + "/ask");
    assertThat(rolling.getStatus().getObservedGeneration())
        .isEqualTo(rolling.getMetadata().getGeneration());

    for (HasMetadata object : ownedObjects(ns)) {
      assertThat(object).as("owned object").isNotNull();
      assertOwnedBy(object, workflow);
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "hubia-operator")
          .containsEntry("app.kubernetes.io/instance", WORKFLOW)
          .containsEntry("app.kubernetes.io/part-of", "hubia")
          .containsEntry(AgentLabels.WORKFLOW_LABEL, WORKFLOW);
    }
    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems())
        .as("no disruption budget with one replica")
        .isEmpty();
    var deployment = client.apps().deployments().inNamespace(ns).withName(WORKFLOW).get();
    assertThat(deployment.getStatus()).as("the real Deployment controller saw it").isNotNull();
    assertThat(deployment.getStatus().getObservedGeneration())
        .isEqualTo(deployment.getMetadata().getGeneration());
  }

  @Test
  void apiServerRejectsAnInvalidWorkflowWithTheCelMessage() {
    String ns = newNamespace();
    AgentWorkflow duplicateRoutes = TestResources.workflow(ns);
    duplicateRoutes.getMetadata().setName("routes-en-double");
    duplicateRoutes.getSpec().getRouting().getRoutes().get(1).setName("juridique");

    assertThatThrownBy(() -> client.resource(duplicateRoutes).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> assertThat(e.getCode()).as("HTTP status").isEqualTo(422))
        .hasMessageContaining("route names must be unique");
    assertThat(client.resources(AgentWorkflow.class).inNamespace(ns).list().getItems())
        .as("nothing was stored")
        .isEmpty();
  }

  @Test
  void deletingTheWorkflowLetsTheGarbageCollectorRemoveWhatItOwned() {
    String ns = newNamespace();
    AgentWorkflow workflow = deployWorkflow(ns);
    awaitCondition(AgentWorkflow.class, ns, WORKFLOW, "False", "RolloutInProgress");

    client.resource(workflow).delete();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(ownedObjects(ns)).as("objects left").containsOnlyNulls());
    assertThat(
            client
                .resources(PolicySet.class)
                .inNamespace(ns)
                .withName("politique-federation")
                .get())
        .as("referenced resources are not owned and stay")
        .isNotNull();
  }

  private static String newNamespace() {
    String ns = OperatorTestCluster.namespace();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  /** The same fixtures as the mock-server IT: policy, synced index, secret, workflow. */
  private static AgentWorkflow deployWorkflow(String ns) {
    client.resource(TestResources.policy(ns)).create();
    RetrievalIndex index = client.resource(TestResources.index(ns)).create();
    TestResources.reportSynced(client, index);
    client.resource(TestResources.modelSecret(ns)).create();
    awaitCondition(PolicySet.class, ns, "politique-federation", "True", "Ready");
    awaitCondition(RetrievalIndex.class, ns, "fiches-pratiques", "True", "Ready");
    return client.resource(TestResources.workflow(ns)).create();
  }

  private static List<HasMetadata> ownedObjects(String ns) {
    return java.util.Arrays.asList(
        client.configMaps().inNamespace(ns).withName(WORKFLOW + "-config").get(),
        client.apps().deployments().inNamespace(ns).withName(WORKFLOW).get(),
        client.services().inNamespace(ns).withName(WORKFLOW).get(),
        client.serviceAccounts().inNamespace(ns).withName(WORKFLOW).get(),
        client.network().v1().networkPolicies().inNamespace(ns).withName(WORKFLOW).get());
  }

  /** Waits until the Ready condition of a resource has the given status and reason. */
  private static <T extends HasMetadata> T awaitCondition(
      Class<T> type, String ns, String name, String status, String reason) {
    Function<T, List<Condition>> conditions = AgentWorkflowK3sE2E::conditionsOf;
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              T resource = client.resources(type).inNamespace(ns).withName(name).get();
              assertThat(resource).as("%s %s/%s", type.getSimpleName(), ns, name).isNotNull();
              assertThat(condition(conditions.apply(resource), ConditionType.Ready))
                  .as("Ready condition of %s %s/%s", type.getSimpleName(), ns, name)
                  .hasValueSatisfying(
                      c -> {
                        assertThat(c.getStatus()).isEqualTo(status);
                        assertThat(c.getReason()).isEqualTo(reason);
                      });
            });
    return client.resources(type).inNamespace(ns).withName(name).get();
  }

  private static <T extends HasMetadata> List<Condition> conditionsOf(T resource) {
    if (resource instanceof AgentWorkflow w) {
      return w.getStatus() == null ? List.of() : w.getStatus().getConditions();
    }
    if (resource instanceof RetrievalIndex i) {
      return i.getStatus() == null ? List.of() : i.getStatus().getConditions();
    }
    if (resource instanceof PolicySet p) {
      return p.getStatus() == null ? List.of() : p.getStatus().getConditions();
    }
    throw new IllegalArgumentException("no conditions on " + resource.getKind());
  }

  private static Optional<Condition> condition(List<Condition> conditions, ConditionType type) {
    return Conditions.find(conditions, type);
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void assertOwnedBy(HasMetadata object, AgentWorkflow workflow) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    assertThat(owners)
        .as("owner references of %s %s", object.getKind(), object.getMetadata().getName())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(workflow.getMetadata().getUid());
              assertThat(o.getKind()).isEqualTo("AgentWorkflow");
              assertThat(o.getApiVersion()).isEqualTo("hubia.io/v1alpha1");
              assertThat(o.getController()).isTrue();
            });
  }
}
