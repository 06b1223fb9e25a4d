package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.spec.AuditSpec;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.OperatorSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredAuditRetentionTest {
  private static OperatorSettings settings(String schedule, String secret) {
    OperatorSettings s = ExampleResources.settings();
    return new OperatorSettings(
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
        s.reconcileThreads(),
        schedule,
        secret);
  }

  private final OperatorSettings settings =
      settings(OperatorSettings.DEFAULT_AUDIT_RETENTION_SCHEDULE, "hubia-audit-retention");
  private final AgentWorkflow workflow = ExampleResources.workflow();

  private static PolicySet policy(Integer retentionDays) {
    PolicySet policy = ExampleResources.policy();
    if (policy.getSpec().getAudit() == null) {
      policy.getSpec().setAudit(new AuditSpec());
    }
    policy.getSpec().getAudit().setRetentionDays(retentionDays);
    return policy;
  }

  private static boolean applies(PolicySet policy, OperatorSettings settings) {
    var refs = ExampleResources.references();
    var rendered =
        RuntimeConfigRenderer.render(
            ExampleResources.workflow(), policy, refs.indexes(), settings.platform());
    return DesiredAuditRetention.applies(rendered, settings);
  }

  @Test
  void appliesOnlyWithRetentionDaysAndARetentionSecret() {
    assertThat(applies(policy(90), settings)).isTrue();
    assertThat(applies(policy(null), settings)).isFalse();
    assertThat(applies(policy(90), settings("17 3 * * *", null))).isFalse();
    assertThat(DesiredAuditRetention.requested(policy(90))).isTrue();
    assertThat(DesiredAuditRetention.requested(policy(null))).isFalse();
  }

  @Test
  void cronJobRunsThePurgeDailyWithoutOverlap() {
    CronJob cronJob = DesiredAuditRetention.cronJob(workflow, settings);
    String name = workflow.getMetadata().getName();
    assertThat(cronJob.getMetadata().getName()).isEqualTo(name + "-audit-retention");
    assertThat(cronJob.getMetadata().getNamespace())
        .isEqualTo(workflow.getMetadata().getNamespace());
    assertThat(cronJob.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "hubia-operator")
        .containsEntry("app.kubernetes.io/part-of", "hubia")
        .containsEntry("app.kubernetes.io/instance", name)
        .containsEntry("app.kubernetes.io/component", "audit-retention")
        .containsEntry(AgentLabels.WORKFLOW_LABEL, name);
    var spec = cronJob.getSpec();
    assertThat(spec.getSchedule()).isEqualTo("17 3 * * *");
    assertThat(spec.getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(spec.getStartingDeadlineSeconds()).isEqualTo(3600L);
    assertThat(spec.getSuccessfulJobsHistoryLimit()).isEqualTo(3);
    assertThat(spec.getFailedJobsHistoryLimit()).isEqualTo(3);
    var job = spec.getJobTemplate().getSpec();
    assertThat(job.getBackoffLimit()).isEqualTo(2);
    assertThat(job.getActiveDeadlineSeconds()).isEqualTo(3600L);
    assertThat(job.getTemplate().getMetadata().getLabels())
        .isEqualTo(DesiredAuditRetention.labels(workflow));
  }

  @Test
  void podLabelsAreNotSelectedByTheRuntimeObjects() {
    Map<String, String> labels = DesiredAuditRetention.labels(workflow);
    assertThat(labels.entrySet().containsAll(AgentLabels.selector(workflow).entrySet()))
        .as("the runtime selector must not match purge pods")
        .isFalse();
  }

  @Test
  void scheduleComesFromTheOperatorSetting() {
    CronJob cronJob =
        DesiredAuditRetention.cronJob(workflow, settings("0 1 * * 0", "hubia-audit-retention"));
    assertThat(cronJob.getSpec().getSchedule()).isEqualTo("0 1 * * 0");
  }

  @Test
  void podIsLockedDownAndMountsTheRenderedConfigReadOnly() {
    PodSpec pod =
        DesiredAuditRetention.cronJob(workflow, settings)
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getEnableServiceLinks()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("config");
              assertThat(v.getConfigMap().getName()).isEqualTo(AgentLabels.configMapName(workflow));
            });

    assertThat(pod.getContainers()).hasSize(1);
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage())
        .as("the workflow's runtime image, as its Deployment runs")
        .isEqualTo(workflow.getSpec().getImage());
    assertThat(container.getArgs())
        .containsExactly("audit", "purge", "--config", "/etc/hubia/hubia-runtime.yaml");
    var security = container.getSecurityContext();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getPrivileged()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("config");
              assertThat(m.getMountPath()).isEqualTo("/etc/hubia");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
  }

  @Test
  void credentialsComeFromTheRetentionSecretAndTheJdbcUrlFromTheConfig() {
    Container container =
        DesiredAuditRetention.cronJob(workflow, settings)
            .getSpec()
            .getJobTemplate()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("HUBIA_AUDIT_USERNAME");
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("hubia-audit-retention");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("username");
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("HUBIA_AUDIT_PASSWORD");
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("hubia-audit-retention");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
            })
        .noneSatisfy(e -> assertThat(e.getName()).isEqualTo("HUBIA_AUDIT_JDBC_URL"));
  }

  @Test
  void longNamesStayWithinCronJobLimits() {
    AgentWorkflow long_ = ExampleResources.workflow();
    long_.getMetadata().setName("a".repeat(60));
    String name = DesiredAuditRetention.name(long_);
    assertThat(name).hasSizeLessThanOrEqualTo(52).endsWith("-audit-retention");
  }

  @Test
  void networkPolicyAllowsOnlyDnsAndTheAuditDatabase() {
    NetworkPolicy policy = DesiredAuditRetention.networkPolicy(workflow, settings);
    assertThat(policy.getMetadata().getName())
        .isEqualTo(workflow.getMetadata().getName() + "-audit-retention");
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).isEmpty();
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "hubia-audit-retention")
        .containsEntry("app.kubernetes.io/instance", workflow.getMetadata().getName());
    var egress = policy.getSpec().getEgress();
    assertThat(egress).hasSize(2);
    assertThat(egress.get(0)).isEqualTo(DesiredNetworkPolicy.dns());
    assertThat(egress.get(1).getTo().get(0).getIpBlock().getCidr()).isEqualTo("10.0.0.12/32");
    assertThat(egress.get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(5432);
    assertThat(DesiredNetworkPolicy.egress(workflow, settings))
        .as("the same database rule as the runtime's")
        .contains(egress.get(1));
  }
}
