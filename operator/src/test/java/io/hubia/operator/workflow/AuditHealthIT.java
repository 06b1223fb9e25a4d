package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.RuntimeServer;
import io.hubia.operator.testing.TestResources;
import io.hubia.operator.workflow.audit.AuditHealthReader;
import io.hubia.operator.workflow.audit.HttpAuditHealthReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AgentWorkflow audit health from end to end: the operator on the mock API server reads, through
 * its HTTP reader, the real runtime (the packaged application in a child JVM) serving the
 * configuration the operator rendered, with a real PostgreSQL as its audit store. The runtime's own
 * report drives {@code status.audit} and the AuditHealthy condition through every state: no runtime
 * answering, healthy, a forged event in the chain, the database stopped, the runtime gone.
 */
@EnableKubernetesMockClient(crud = true)
class AuditHealthIT {
  private static final String WORKFLOW = "assistant-adherents";

  static KubernetesClient mockClient;
  static OperatorTestCluster cluster;
  static KubernetesClient client;
  static EmbeddedPostgres pg;

  /** Where the reader finds "the Service": the runtime started by the test, once it runs. */
  static volatile URI runtime;

  @TempDir static Path temp;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.builder().start();
    // nothing listens there until the runtime starts: a Service without a ready runtime
    runtime = URI.create("http://127.0.0.1:" + RuntimeServer.freePort());
    AuditHealthReader reader = new HttpAuditHealthReader(Duration.ofSeconds(2), w -> runtime);
    cluster = new OperatorTestCluster(mockClient).startOperator(reader, Duration.ofMillis(500));
    client = cluster.client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static Condition auditCondition(String ns) {
    AgentWorkflow w = cluster.workflow(ns, WORKFLOW);
    return w.getStatus() == null
        ? null
        : Conditions.find(w.getStatus().getConditions(), ConditionType.AuditHealthy).orElse(null);
  }

  private static AgentWorkflow awaitAudit(String ns, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Condition c = auditCondition(ns);
              assertThat(c).as("AuditHealthy of %s", ns).isNotNull();
              assertThat(c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
                  .startsWith(status + "/" + reason);
            });
    return cluster.workflow(ns, WORKFLOW);
  }

  private static void awaitEvent(String ns, String reason, String type) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(cluster.events(ns, WORKFLOW))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getType()).isEqualTo(type);
                        }));
  }

  @Test
  void statusFollowsWhatTheRuntimeReports() throws Exception {
    String ns = OperatorTestCluster.namespace();
    cluster.create(TestResources.policy(ns));
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    cluster.create(TestResources.workflow(ns));
    cluster.awaitReady(AgentWorkflow.class, ns, WORKFLOW, "True", "Ready");

    // pods available, nothing answers yet
    AgentWorkflow unreachable = awaitAudit(ns, "False", "AuditUnreachable");
    assertThat(unreachable.getStatus().getAudit().getState()).isEqualTo("Unknown");
    awaitEvent(ns, "AuditUnreachable", "Warning");

    // the runtime, on the configuration the operator rendered, its audit store the test's database
    ConfigMap config = client.configMaps().inNamespace(ns).withName(WORKFLOW + "-config").get();
    Path file = temp.resolve(RuntimeConfig.FILE_NAME);
    Files.writeString(file, config.getData().get(RuntimeConfig.FILE_NAME));
    String jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
    try (RuntimeServer server =
        RuntimeServer.start(
            runtime.getPort(),
            file,
            Map.of(
                "HUBIA_AUDIT_JDBC_URL", jdbcUrl,
                "HUBIA_AUDIT_USERNAME", "postgres",
                "HUBIA_AUDIT_CHECK_INTERVAL", "300ms",
                "HUBIA_AUDIT_VERIFY_INTERVAL", "1s"),
            "/v1/audit/health",
            temp.resolve("runtime.log"),
            Duration.ofSeconds(120))) {

      AgentWorkflow healthy =
          awaitAudit(
              ns, "True", "AuditHealthy: The runtime writes audit events; the latest verification");
      assertThat(healthy.getStatus().getAudit().getState()).isEqualTo("Healthy");
      assertThat(healthy.getStatus().getAudit().getChainVerified()).isTrue();
      assertThat(healthy.getStatus().getAudit().getLastVerificationTime()).isNotNull();
      assertThat(healthy.getStatus().getAudit().getEventsWritten()).isZero();
      assertThat(healthy.getStatus().getAudit().getFailures()).isZero();
      awaitEvent(ns, "AuditHealthy", "Normal");

      // an event forged in the database, bypassing the runtime: its hash is not its content's
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "INSERT INTO audit_event (event_id, occurred_at, namespace, workflow, answer, hash)"
                + " VALUES (gen_random_uuid(), now(), '"
                + ns
                + "', '"
                + WORKFLOW
                + "', 'forged', repeat('0', 64))");
      }
      AgentWorkflow broken = awaitAudit(ns, "False", "ChainBroken");
      assertThat(auditCondition(ns).getMessage()).contains("HashMismatch").doesNotContain("forged");
      assertThat(broken.getStatus().getAudit().getChainVerified()).isFalse();
      assertThat(broken.getStatus().getAudit().getState()).isEqualTo("Degraded");
      awaitEvent(ns, "ChainBroken", "Warning");

      // the database stops: the runtime cannot write, and cannot verify either
      pg.close();
      AgentWorkflow down = awaitAudit(ns, "False", "AuditWriteFailures");
      assertThat(auditCondition(ns).getMessage()).contains("answers are refused");
      assertThat(down.getStatus().getAudit().getChainVerified())
          .as("a verification that could not run changes nothing")
          .isFalse();
      awaitEvent(ns, "AuditWriteFailures", "Warning");
      pg = null;
    }

    // the runtime is gone
    awaitAudit(ns, "False", "AuditUnreachable");
    assertThat(
            Conditions.find(
                cluster.workflow(ns, WORKFLOW).getStatus().getConditions(), ConditionType.Ready))
        .hasValueSatisfying(
            c ->
                assertThat(c.getStatus())
                    .as("audit health does not change Ready")
                    .isEqualTo("True"));
  }
}
