package io.hubia.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PolicySet and RetrievalIndex controllers on their own, against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class PolicySetReconcilerIT {
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

  @Test
  void reportsTheWorkflowsItGovernsAsTheyComeAndGo() {
    String ns = OperatorTestCluster.namespace();
    cluster.create(TestResources.policy(ns));
    PolicySet alone =
        cluster.awaitReady(PolicySet.class, ns, "politique-federation", "True", "Ready");
    assertThat(alone.getStatus().getWorkflowCount()).isZero();

    AgentWorkflow first = TestResources.workflow(ns);
    first.getSpec().getIndexes().clear();
    first.getSpec().getRouting().getRoutes().forEach(r -> r.getIndexes().clear());
    cluster.create(first);
    AgentWorkflow second = TestResources.workflow(ns);
    second.getMetadata().setName("assistant-antennes");
    second.getSpec().getIndexes().clear();
    cluster.create(second);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(policy(ns).getStatus().getAppliesTo())
                    .containsExactly("assistant-adherents", "assistant-antennes"));
    assertThat(policy(ns).getStatus().getWorkflowCount()).isEqualTo(2);

    client.resource(second).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(policy(ns).getStatus().getAppliesTo())
                    .containsExactly("assistant-adherents"));
  }

  @Test
  void aPolicyThatCannotBeEnforcedIsNotReadyAndItsWorkflowsWait() {
    String ns = OperatorTestCluster.namespace();
    PolicySet policy = TestResources.policy(ns);
    policy.getSpec().getReadRules().get(1).getLabels().add("service:${departement}");
    cluster.create(policy);
    PolicySet invalid =
        cluster.awaitReady(PolicySet.class, ns, "politique-federation", "False", "InvalidSpec");
    assertThat(invalid.getStatus().getConditions().get(0).getMessage())
        .contains("uses ${departement}, which spec.identity.attributes does not declare");

    cluster.create(TestResources.modelSecret(ns));
    AgentWorkflow workflow = TestResources.workflow(ns);
    workflow.getSpec().getIndexes().clear();
    cluster.create(workflow);
    cluster.awaitReady(
        AgentWorkflow.class, ns, "assistant-adherents", "False", "PolicySetNotReady");

    cluster.edit(
        PolicySet.class,
        ns,
        "politique-federation",
        p -> p.getSpec().getReadRules().get(1).getLabels().remove("service:${departement}"));
    cluster.awaitReady(PolicySet.class, ns, "politique-federation", "True", "Ready");
    cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");
  }

  private static PolicySet policy(String ns) {
    return client.resources(PolicySet.class).inNamespace(ns).withName("politique-federation").get();
  }
}
