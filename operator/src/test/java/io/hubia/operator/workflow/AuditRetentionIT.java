package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.AuditSpec;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit retention CronJob follows the PolicySet's retentionDays (mock API server). */
@EnableKubernetesMockClient(crud = true)
class AuditRetentionIT {
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
  void retentionDaysCreatesTheCronJobAndRemovingThemDeletesIt() {
    String ns = OperatorTestCluster.namespace();
    PolicySet policy = TestResources.policy(ns);
    if (policy.getSpec().getAudit() == null) {
      policy.getSpec().setAudit(new AuditSpec());
    }
    policy.getSpec().getAudit().setRetentionDays(90);
    cluster.create(policy);
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    cluster.create(TestResources.workflow(ns));
    AgentWorkflow workflow =
        cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");

    CronJob cronJob =
        await().atMost(Duration.ofSeconds(30)).until(() -> cronJob(ns), c -> c != null);
    AgentWorkflowOperatorIT.assertOwnedBy(cronJob, workflow);
    assertThat(cronJob.getSpec().getSchedule()).isEqualTo("17 3 * * *");
    assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    var pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getArgs())
        .containsExactly("audit", "purge", "--config", "/etc/hubia/hubia-runtime.yaml");
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> assertThat(v.getConfigMap().getName()).isEqualTo("assistant-adherents-config"));
    NetworkPolicy policyOfPods = networkPolicy(ns);
    assertThat(policyOfPods).isNotNull();
    AgentWorkflowOperatorIT.assertOwnedBy(policyOfPods, workflow);
    assertThat(
            client
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .withName("assistant-adherents")
                .get())
        .as("the runtime's NetworkPolicy is still there")
        .isNotNull();

    cluster.edit(
        PolicySet.class,
        ns,
        policy.getMetadata().getName(),
        p -> p.getSpec().getAudit().setRetentionDays(null));
    await().atMost(Duration.ofSeconds(30)).until(() -> cronJob(ns) == null);
    await().atMost(Duration.ofSeconds(30)).until(() -> networkPolicy(ns) == null);
    assertThat(client.apps().deployments().inNamespace(ns).withName("assistant-adherents").get())
        .isNotNull();
  }

  private static CronJob cronJob(String ns) {
    return client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace(ns)
        .withName("assistant-adherents-audit-retention")
        .get();
  }

  private static NetworkPolicy networkPolicy(String ns) {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(ns)
        .withName("assistant-adherents-audit-retention")
        .get();
  }
}
