package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import io.hubia.operator.workflow.desired.AgentLabels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AgentWorkflow controller against the mock API server, wired as in production. */
@EnableKubernetesMockClient(crud = true)
class AgentWorkflowOperatorIT {
  static KubernetesClient mockClient;
  static OperatorTestCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void startOperator() throws Exception {
    cluster = new OperatorTestCluster(mockClient).startOperator();
    client = cluster.client();
  }

  @AfterAll
  static void stopOperator() {
    cluster.close();
  }

  private static AgentWorkflow deployReadyWorkflow(String ns) {
    cluster.create(TestResources.policy(ns));
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    AgentWorkflow workflow = cluster.create(TestResources.workflow(ns));
    return cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");
  }

  @Test
  void createsEveryOwnedObjectWithOwnerReferenceAndLabels() {
    String ns = OperatorTestCluster.namespace();
    AgentWorkflow workflow = deployReadyWorkflow(ns);

    assertThat(workflow.getStatus().getEndpoint())
        .isEqualTo(
            "http://assistant-adherents." + ns + ".svc:8080/v1/agents/assistant-adherents/ask");
    assertThat(workflow.getStatus().getActiveRevision()).hasSize(12);
    assertThat(workflow.getStatus().getObservedGeneration())
        .isEqualTo(workflow.getMetadata().getGeneration());
    assertThat(workflow.getStatus().getConditions().get(0).getType()).isEqualTo("Ready");

    List<HasMetadata> owned =
        List.of(
            client.configMaps().inNamespace(ns).withName("assistant-adherents-config").get(),
            client.apps().deployments().inNamespace(ns).withName("assistant-adherents").get(),
            client.services().inNamespace(ns).withName("assistant-adherents").get(),
            client.serviceAccounts().inNamespace(ns).withName("assistant-adherents").get(),
            client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .withName("assistant-adherents")
                .get());
    for (HasMetadata object : owned) {
      assertThat(object).as("owned object").isNotNull();
      assertOwnedBy(object, workflow);
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "hubia-operator")
          .containsEntry("app.kubernetes.io/instance", "assistant-adherents")
          .containsEntry("app.kubernetes.io/part-of", "hubia")
          .containsEntry(AgentLabels.WORKFLOW_LABEL, "assistant-adherents");
    }
    assertThat(client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems())
        .as("no disruption budget with one replica")
        .isEmpty();
    assertThat(client.resources(ServiceMonitor.class).inNamespace(ns).list().getItems())
        .as("no ServiceMonitor where its CRD is absent")
        .isEmpty();

    ConfigMap config =
        client.configMaps().inNamespace(ns).withName("assistant-adherents-config").get();
    String yaml = config.getData().get(RuntimeConfig.FILE_NAME);
    assertThat(yaml).contains("politique-federation").contains("hubia." + ns + ".fiches-pratiques");
    assertThat(yaml).doesNotContain("not-a-real-key");
    Deployment deployment =
        client.apps().deployments().inNamespace(ns).withName("assistant-adherents").get();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(
            AgentLabels.CONFIG_HASH_ANNOTATION,
            config.getMetadata().getAnnotations().get(AgentLabels.CONFIG_HASH_ANNOTATION));
    assertThat(cluster.events(ns, "assistant-adherents"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Ready"));
  }

  @Test
  void specChangeRollsTheDeploymentThroughTheHashButScalingDoesNot() {
    String ns = OperatorTestCluster.namespace();
    AgentWorkflow ready = deployReadyWorkflow(ns);
    String firstHash = templateHash(ns);
    String firstRevision = ready.getStatus().getActiveRevision();

    cluster.editWorkflow(
        ns,
        "assistant-adherents",
        w ->
            w.getSpec()
                .getPrompts()
                .setSystem("Tu es l'assistant des adhérents. Cite toujours tes sources."));
    await().atMost(Duration.ofSeconds(30)).until(() -> !templateHash(ns).equals(firstHash));
    AgentWorkflow rolled =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> cluster.workflow(ns, "assistant-adherents"),
                w ->
                    w.getStatus().getActiveRevision() != null
                        && !w.getStatus().getActiveRevision().equals(firstRevision)
                        && w.getStatus()
                            .getObservedGeneration()
                            .equals(w.getMetadata().getGeneration()));
    assertThat(rolled.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");
    String secondHash = templateHash(ns);

    cluster.editWorkflow(ns, "assistant-adherents", w -> w.getSpec().setReplicas(3));
    PodDisruptionBudget budget =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(ns)
                        .withName("assistant-adherents")
                        .get(),
                b -> b != null);
    assertOwnedBy(budget, rolled);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName("assistant-adherents")
                        .get()
                        .getSpec()
                        .getReplicas()
                    == 3);
    assertThat(templateHash(ns)).as("scaling does not roll the pods").isEqualTo(secondHash);

    cluster.editWorkflow(ns, "assistant-adherents", w -> w.getSpec().setReplicas(1));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(ns)
                        .withName("assistant-adherents")
                        .get()
                    == null);
  }

  @Test
  void missingPolicyIsReportedThenResolvedWhenItAppears() {
    String ns = OperatorTestCluster.namespace();
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    cluster.create(TestResources.workflow(ns));

    AgentWorkflow waiting =
        cluster.awaitReady(
            AgentWorkflow.class, ns, "assistant-adherents", "False", "PolicySetNotFound");
    assertThat(waiting.getStatus().getConditions().get(0).getMessage())
        .contains("PolicySet 'politique-federation' does not exist");
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems())
        .as("nothing is deployed without a policy")
        .isEmpty();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cluster.events(ns, "assistant-adherents"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("PolicySetNotFound");
                        }));

    // the not-Ready gauge counts it while it lasts, from the operator's cache
    double waitingCount = notReady("PolicySetNotFound");
    assertThat(waitingCount).isGreaterThanOrEqualTo(1);

    cluster.create(TestResources.policy(ns));
    cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(notReady("PolicySetNotFound")).isEqualTo(waitingCount - 1));
  }

  /** hubia_operator_resources_not_ready of AgentWorkflows with {@code reason}, as scraped now. */
  private double notReady(String reason) {
    return cluster
        .operator()
        .metrics()
        .get("hubia.operator.resources.not.ready")
        .tags("kind", "AgentWorkflow", "reason", reason)
        .gauge()
        .value();
  }

  @Test
  void deletedSecretIsReportedAndTheRunningRevisionKeepsServing() {
    String ns = OperatorTestCluster.namespace();
    deployReadyWorkflow(ns);
    client.secrets().inNamespace(ns).withName("mistral-api").delete();

    AgentWorkflow broken =
        cluster.awaitReady(
            AgentWorkflow.class, ns, "assistant-adherents", "False", "SecretNotFound");
    assertThat(broken.getStatus().getConditions().get(0).getMessage()).contains("mistral-api");
    assertThat(client.apps().deployments().inNamespace(ns).withName("assistant-adherents").get())
        .as("the running revision is left alone")
        .isNotNull();

    Secret wrongKey = TestResources.modelSecret(ns);
    wrongKey.setData(java.util.Map.of("token", "eA=="));
    cluster.create(wrongKey);
    cluster.awaitReady(
        AgentWorkflow.class, ns, "assistant-adherents", "False", "SecretKeyNotFound");
  }

  @Test
  void indexNotSyncedKeepsTheWorkflowNotReady() {
    String ns = OperatorTestCluster.namespace();
    cluster.create(TestResources.policy(ns));
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    cluster.create(TestResources.modelSecret(ns));
    cluster.create(TestResources.workflow(ns));
    cluster.awaitReady(
        AgentWorkflow.class, ns, "assistant-adherents", "False", "RetrievalIndexNotReady");

    TestResources.reportSynced(client, index);
    cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");
  }

  @Test
  void invalidSpecsEndNotReadyWithoutHotLooping() throws Exception {
    String ns = OperatorTestCluster.namespace();
    cluster.create(TestResources.policy(ns));
    AgentWorkflow duplicateRoutes = TestResources.workflow(ns);
    duplicateRoutes.getMetadata().setName("routes-en-double");
    duplicateRoutes.getSpec().getIndexes().clear();
    duplicateRoutes.getSpec().getRouting().getRoutes().get(1).setName("juridique");
    cluster.create(duplicateRoutes);

    AgentWorkflow invalid =
        cluster.awaitReady(AgentWorkflow.class, ns, "routes-en-double", "False", "InvalidSpec");
    assertThat(invalid.getStatus().getConditions().get(0).getMessage())
        .contains("spec.routing.routes lists 'juridique' twice");

    String yaml =
        """
        apiVersion: hubia.io/v1alpha1
        kind: AgentWorkflow
        metadata:
          name: fournisseur-inconnu
          namespace: %s
        spec:
          policyRef: {name: politique-federation}
          model: {provider: Anthropic, name: claude}
        """
            .formatted(ns);
    client.load(new java.io.ByteArrayInputStream(yaml.getBytes())).create();
    AgentWorkflow unknownProvider =
        cluster.awaitReady(AgentWorkflow.class, ns, "fournisseur-inconnu", "False", "InvalidSpec");
    assertThat(unknownProvider.getStatus().getConditions().get(0).getMessage())
        .contains("spec.model.provider is missing or unknown");

    String version = cluster.workflow(ns, "fournisseur-inconnu").getMetadata().getResourceVersion();
    Thread.sleep(1500);
    assertThat(cluster.workflow(ns, "fournisseur-inconnu").getMetadata().getResourceVersion())
        .as("no status churn on an invalid resource")
        .isEqualTo(version);
    assertThat(cluster.events(ns, "fournisseur-inconnu")).hasSize(1);
  }

  @Test
  void neverTouchesAnObjectItDoesNotOwn() {
    String ns = OperatorTestCluster.namespace();
    ConfigMap foreign =
        cluster.create(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("assistant-adherents-config")
                .withNamespace(ns)
                .endMetadata()
                .addToData("owner", "another team")
                .build());
    cluster.create(TestResources.policy(ns));
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    cluster.create(TestResources.workflow(ns));

    AgentWorkflow failing =
        cluster.awaitReady(
            AgentWorkflow.class, ns, "assistant-adherents", "False", "ReconcileError");
    assertThat(failing.getStatus().getConditions().get(0).getMessage())
        .containsIgnoringCase("already exists");
    ConfigMap after =
        client.configMaps().inNamespace(ns).withName("assistant-adherents-config").get();
    assertThat(after.getData()).isEqualTo(foreign.getData());
    assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void deletingTheWorkflowLeavesOnlyOwnerReferencedObjectsForGarbageCollection() {
    String ns = OperatorTestCluster.namespace();
    AgentWorkflow workflow = deployReadyWorkflow(ns);
    client.resource(workflow).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.workflow(ns, "assistant-adherents") == null);
    // The mock server has no garbage collector: what the real one would delete is exactly the set
    // of objects whose controller owner reference points at the deleted workflow's uid.
    List<HasMetadata> remaining = new java.util.ArrayList<>();
    remaining.addAll(client.configMaps().inNamespace(ns).list().getItems());
    remaining.addAll(client.apps().deployments().inNamespace(ns).list().getItems());
    remaining.addAll(client.services().inNamespace(ns).list().getItems());
    remaining.addAll(client.serviceAccounts().inNamespace(ns).list().getItems());
    remaining.addAll(client.network().v1().networkPolicies().inNamespace(ns).list().getItems());
    remaining.removeIf(
        o ->
            o.getMetadata().getLabels() == null
                || !"hubia-operator"
                    .equals(o.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
                // the sync pods' NetworkPolicy belongs to the RetrievalIndex, which stays
                || o.getMetadata().getLabels().containsKey("hubia.io/retrieval-index"));
    assertThat(remaining).hasSize(5).allSatisfy(o -> assertOwnedBy(o, workflow));
    assertThat(
            client
                .resources(PolicySet.class)
                .inNamespace(ns)
                .withName("politique-federation")
                .get())
        .as("referenced resources are not owned and stay")
        .isNotNull();
  }

  private static String templateHash(String ns) {
    return client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("assistant-adherents")
        .get()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(AgentLabels.CONFIG_HASH_ANNOTATION);
  }

  static void assertOwnedBy(HasMetadata object, AgentWorkflow workflow) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    assertThat(owners)
        .as("owner references of %s %s", object.getKind(), object.getMetadata().getName())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getUid()).isEqualTo(workflow.getMetadata().getUid());
              assertThat(o.getKind()).isEqualTo("AgentWorkflow");
              assertThat(o.getApiVersion()).isEqualTo("hubia.io/v1alpha1");
            });
  }
}
