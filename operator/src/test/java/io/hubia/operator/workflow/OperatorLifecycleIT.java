package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.EgressRule;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's life on a cluster where the Prometheus Operator is installed: ServiceMonitors, a
 * restart in the middle of work, and removals applied without server-side apply.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorLifecycleIT {
  static KubernetesClient mockClient;
  static OperatorTestCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void startOperator() throws Exception {
    CRDPresentActivationCondition.clearState();
    cluster = new OperatorTestCluster(mockClient);
    client = cluster.client();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("servicemonitors.monitoring.coreos.com")
                .endMetadata()
                .withNewSpec()
                .withGroup("monitoring.coreos.com")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("ServiceMonitor")
                .withPlural("servicemonitors")
                .withSingular("servicemonitor")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build())
        .create();
    cluster.startOperator();
  }

  @AfterAll
  static void stopOperator() {
    cluster.close();
    CRDPresentActivationCondition.clearState();
  }

  private static void createReferences(String ns) {
    cluster.create(TestResources.policy(ns));
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
  }

  @Test
  void createsAServiceMonitorWhereItsCrdExists() {
    String ns = OperatorTestCluster.namespace();
    createReferences(ns);
    AgentWorkflow workflow = cluster.create(TestResources.workflow(ns));
    cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");

    ServiceMonitor monitor =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    client
                        .resources(ServiceMonitor.class)
                        .inNamespace(ns)
                        .withName("assistant-adherents")
                        .get(),
                m -> m != null);
    assertThat(monitor.getSpec().getEndpoints())
        .singleElement()
        .satisfies(e -> assertThat(e.getPath()).isEqualTo("/q/metrics"));
    AgentWorkflowOperatorIT.assertOwnedBy(
        monitor, cluster.workflow(ns, workflow.getMetadata().getName()));
  }

  @Test
  void restartedOperatorPicksUpWhatChangedWhileItWasDown() throws Exception {
    String ns = OperatorTestCluster.namespace();
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    cluster.create(TestResources.workflow(ns));
    cluster.awaitReady(
        AgentWorkflow.class, ns, "assistant-adherents", "False", "PolicySetNotFound");

    cluster.stopOperator();
    cluster.create(TestResources.policy(ns));
    cluster.startOperator();

    AgentWorkflow ready =
        cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");
    assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
    assertThat(client.configMaps().inNamespace(ns).list().getItems()).hasSize(1);
    assertThat(client.services().inNamespace(ns).list().getItems()).hasSize(1);
  }

  @Test
  void removingAnEgressRuleRemovesItFromTheNetworkPolicy() {
    String ns = OperatorTestCluster.namespace();
    createReferences(ns);
    AgentWorkflow workflow = TestResources.workflow(ns);
    EgressRule crm = new EgressRule();
    crm.setCidr("10.20.0.0/16");
    crm.setPorts(List.of(443));
    workflow.getSpec().getEgress().add(crm);
    cluster.create(workflow);
    cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");
    assertThat(cidrs(ns)).contains("10.20.0.0/16");

    cluster.editWorkflow(ns, "assistant-adherents", w -> w.getSpec().getEgress().clear());
    await().atMost(Duration.ofSeconds(30)).until(() -> !cidrs(ns).contains("10.20.0.0/16"));
  }

  private static List<String> cidrs(String ns) {
    NetworkPolicy policy =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(ns)
            .withName("assistant-adherents")
            .get();
    return policy.getSpec().getEgress().stream()
        .flatMap(r -> r.getTo().stream())
        .filter(p -> p.getIpBlock() != null)
        .map(p -> p.getIpBlock().getCidr())
        .toList();
  }
}
