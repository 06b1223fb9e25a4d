package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.AuditSpec;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Without HUBIA_AUDIT_RETENTION_SECRET: no CronJob, one Warning Event on the workflow. */
@EnableKubernetesMockClient(crud = true)
class AuditRetentionNotScheduledIT {
  static KubernetesClient mockClient;
  static OperatorTestCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void startOperator() throws Exception {
    OperatorSettings s = OperatorTestCluster.settings();
    OperatorSettings withoutRetention =
        new OperatorSettings(
            s.namespaces(),
            s.runtimeImage(),
            s.opensearchUrl(),
            s.opensearchSecretName(),
            s.auditJdbcUrl(),
            s.auditSecretName(),
            s.leaderElection(),
            s.leaseName(),
            s.leaseNamespace(),
            s.httpPort(),
            s.reconcileThreads());
    cluster = new OperatorTestCluster(mockClient).startOperator(withoutRetention);
    client = cluster.client();
  }

  @AfterAll
  static void stopOperator() {
    cluster.close();
  }

  @Test
  void retentionDaysWithoutTheSecretSettingIsReportedOnceAndCreatesNothing() throws Exception {
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
    cluster.awaitReady(AgentWorkflow.class, ns, "assistant-adherents", "True", "Ready");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cluster.events(ns, "assistant-adherents"))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("AuditRetentionNotScheduled");
                          assertThat(e.getType()).isEqualTo("Warning");
                        }));
    // later passes (a spec change) do not repeat it
    cluster.editWorkflow(ns, "assistant-adherents", w -> w.getSpec().setReplicas(2));
    Thread.sleep(2000);
    assertThat(
            cluster.events(ns, "assistant-adherents").stream()
                .filter(e -> "AuditRetentionNotScheduled".equals(e.getReason()))
                .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
                .sum())
        .isEqualTo(1);
    assertThat(client.batch().v1().cronjobs().inNamespace(ns).list().getItems()).isEmpty();
  }
}
