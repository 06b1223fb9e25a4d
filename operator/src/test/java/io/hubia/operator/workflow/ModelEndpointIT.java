package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import io.hubia.operator.workflow.desired.AgentLabels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default model server (HUBIA_MODEL_ENDPOINT) on the mock API server: a workflow whose Ollama
 * model names no endpoint is held (ModelEndpointMissing, Warning Event) while the operator has no
 * default, and runs against the default once it has one, its spec left as written.
 */
@EnableKubernetesMockClient(crud = true)
class ModelEndpointIT {
  private static final String WORKFLOW = "assistant-adherents";
  private static final String DEFAULT = "http://ollama.models.svc:11434";

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

  private static boolean reachesModels(String ns) {
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
                    && Map.of("kubernetes.io/metadata.name", "models")
                        .equals(r.getTo().get(0).getNamespaceSelector().getMatchLabels())
                    && r.getPorts().get(0).getPort().getIntVal() == 11434);
  }

  @Test
  void aModelWithoutEndpointWaitsForTheDefaultModelServer() throws Exception {
    cluster.startOperator(OperatorTestCluster.settings());
    String ns = OperatorTestCluster.namespace();
    cluster.create(TestResources.policy(ns));
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    AgentWorkflow workflow = TestResources.workflow(ns);
    workflow.getSpec().getModel().setProvider(ModelProvider.Ollama);
    workflow.getSpec().getModel().setName("mistral:7b-instruct");
    cluster.create(workflow);

    AgentWorkflow held =
        cluster.awaitReady(AgentWorkflow.class, ns, WORKFLOW, "False", "ModelEndpointMissing");
    assertThat(held.getStatus().getConditions().get(0).getMessage())
        .startsWith("spec.model (Ollama) names no endpoint")
        .contains("HUBIA_MODEL_ENDPOINT (Helm value model.endpoint)");
    assertThat(cluster.events(ns, WORKFLOW))
        .extracting(Event::getType, Event::getReason)
        .contains(org.assertj.core.groups.Tuple.tuple("Warning", "ModelEndpointMissing"));
    assertThat(client.apps().deployments().inNamespace(ns).withName(WORKFLOW).get())
        .as("nothing deployed without a model server")
        .isNull();

    cluster.stopOperator();
    cluster.startOperator(OperatorTestCluster.settings().withModelEndpoint(DEFAULT));

    AgentWorkflow ready = cluster.awaitReady(AgentWorkflow.class, ns, WORKFLOW, "True", "Ready");
    assertThat(ready.getSpec().getModel().getEndpoint()).as("the spec stays as written").isNull();
    ConfigMap config =
        client.configMaps().inNamespace(ns).withName(AgentLabels.configMapName(ready)).get();
    assertThat(String.join("\n", config.getData().values()))
        .contains("endpoint: \"" + DEFAULT + "\"");
    assertThat(reachesModels(ns)).as("egress to the default model server").isTrue();
  }
}
