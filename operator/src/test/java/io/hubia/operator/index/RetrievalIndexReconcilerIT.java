package io.hubia.operator.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RetrievalIndex controller against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class RetrievalIndexReconcilerIT {
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
  void isNotReadyUntilASyncSucceededThenKeepsTheSyncResults() {
    String ns = OperatorTestCluster.namespace();
    RetrievalIndex created = cluster.create(TestResources.index(ns));
    RetrievalIndex waiting =
        cluster.awaitReady(RetrievalIndex.class, ns, "fiches-pratiques", "False", "NotSynced");
    assertThat(waiting.getStatus().getAlias()).isEqualTo("hubia." + ns + ".fiches-pratiques");

    TestResources.reportSynced(client, created);
    RetrievalIndex ready =
        cluster.awaitReady(RetrievalIndex.class, ns, "fiches-pratiques", "True", "Ready");
    assertThat(ready.getStatus().getDocuments()).isEqualTo(530L);
    assertThat(ready.getStatus().getChunks()).isEqualTo(2140L);
    assertThat(ready.getStatus().getIndexName()).isEqualTo("hubia." + ns + ".fiches-pratiques.v1");
  }

  @Test
  void listsTheWorkflowsThatReadIt() {
    String ns = OperatorTestCluster.namespace();
    cluster.create(TestResources.index(ns));
    cluster.create(TestResources.workflow(ns));
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions() // no status before the first pass
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resources(RetrievalIndex.class)
                            .inNamespace(ns)
                            .withName("fiches-pratiques")
                            .get()
                            .getStatus()
                            .getUsedBy())
                    .containsExactly("assistant-adherents"));
  }

  @Test
  void chunksLargerThanTheInProcessModelWindowAreRefused() {
    String ns = OperatorTestCluster.namespace();
    RetrievalIndex index = TestResources.index(ns);
    index.getSpec().getChunking().setMaxTokens(512);
    cluster.create(index);
    RetrievalIndex invalid =
        cluster.awaitReady(RetrievalIndex.class, ns, "fiches-pratiques", "False", "InvalidSpec");
    assertThat(invalid.getStatus().getConditions().get(0).getMessage())
        .contains("embeds only the first 128 tokens");
    assertThat(cluster.events(ns, "fiches-pratiques"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("InvalidSpec"));
    // An AgentWorkflow reading it waits, naming the index.
    cluster.create(TestResources.workflow(ns));
    AgentWorkflow workflow =
        cluster.awaitReady(
            AgentWorkflow.class, ns, "assistant-adherents", "False", "PolicySetNotFound");
    assertThat(workflow.getStatus().getConditions().get(0).getMessage())
        .contains("RetrievalIndex 'fiches-pratiques' is not Ready (InvalidSpec");
  }
}
