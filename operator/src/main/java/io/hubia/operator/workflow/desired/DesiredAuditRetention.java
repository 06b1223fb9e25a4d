package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.operator.OperatorSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit retention of a workflow whose PolicySet sets {@code audit.retentionDays}: a CronJob
 * {@code <workflow>-audit-retention} running {@code hubia audit purge --config ...} with the
 * runtime image, on the operator's schedule ({@code HUBIA_AUDIT_RETENTION_SCHEDULE}). The pod
 * mounts the workflow's rendered configuration read-only (the workflow, the policy's retention and
 * the audit JDBC URL, as the runtime reads them) and takes the credentials of the retention role
 * from the Secret named by {@code HUBIA_AUDIT_RETENTION_SECRET}. It runs as the runtime pods do:
 * non-root, read-only root filesystem, no capabilities, no service account token. Its own
 * NetworkPolicy lets it reach DNS and the audit database only.
 */
public final class DesiredAuditRetention {
  /** Suffix of the CronJob and NetworkPolicy names. */
  static final String SUFFIX = "audit-retention";

  /** Longest CronJob name: the Jobs it creates append 11 characters and stay within 63. */
  static final int MAX_NAME = 52;

  static final String CONTAINER = "audit-purge";
  static final int BACKOFF_LIMIT = 2;
  static final long ACTIVE_DEADLINE_SECONDS = 3600;
  static final long STARTING_DEADLINE_SECONDS = 3600;
  static final int HISTORY_LIMIT = 3;

  private DesiredAuditRetention() {}

  /** Whether the policy asks for retention (whether or not the operator can schedule it). */
  public static boolean requested(PolicySet policy) {
    return policy != null
        && policy.getSpec() != null
        && policy.getSpec().getAudit() != null
        && policy.getSpec().getAudit().getRetentionDays() != null;
  }

  /** Whether the retention CronJob exists: the policy sets retentionDays and a Secret is named. */
  public static boolean applies(RenderedConfig rendered, OperatorSettings settings) {
    if (settings.auditRetentionSecretName() == null) {
      return false;
    }
    var policy = rendered.config().getPolicy().getSpec();
    return policy != null
        && policy.getAudit() != null
        && policy.getAudit().getRetentionDays() != null;
  }

  /** Name of the CronJob and of its NetworkPolicy: {@code <workflow>-audit-retention}. */
  public static String name(AgentWorkflow workflow) {
    String base = AgentLabels.name(workflow);
    String name = base + "-" + SUFFIX;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    String hash = RuntimeConfigRenderer.sha256(base).substring(0, 8);
    int keep = MAX_NAME - SUFFIX.length() - hash.length() - 2;
    return base.substring(0, keep).replaceAll("[-.]+$", "") + "-" + hash + "-" + SUFFIX;
  }

  /**
   * Labels of the CronJob, its Jobs and pods. They differ from the runtime pods' selector, so that
   * neither the runtime Service, NetworkPolicy nor disruption budget selects a purge pod.
   */
  public static Map<String, String> labels(AgentWorkflow workflow) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "hubia-audit-retention");
    labels.put("app.kubernetes.io/instance", AgentLabels.name(workflow));
    labels.put("app.kubernetes.io/component", SUFFIX);
    labels.put("app.kubernetes.io/part-of", "hubia");
    labels.put("app.kubernetes.io/managed-by", AgentLabels.MANAGED_BY);
    labels.put(AgentLabels.WORKFLOW_LABEL, AgentLabels.name(workflow));
    return labels;
  }

  private static ObjectMeta metadata(AgentWorkflow workflow) {
    return new ObjectMetaBuilder()
        .withName(name(workflow))
        .withNamespace(workflow.getMetadata().getNamespace())
        .withLabels(labels(workflow))
        .build();
  }

  /** The CronJob; the owner reference is added by the dependent resource. */
  public static CronJob cronJob(AgentWorkflow workflow, OperatorSettings settings) {
    return new CronJobBuilder()
        .withMetadata(metadata(workflow))
        .withNewSpec()
        .withSchedule(settings.auditRetentionSchedule())
        .withConcurrencyPolicy("Forbid")
        .withStartingDeadlineSeconds(STARTING_DEADLINE_SECONDS)
        .withSuccessfulJobsHistoryLimit(HISTORY_LIMIT)
        .withFailedJobsHistoryLimit(HISTORY_LIMIT)
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(labels(workflow))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(BACKOFF_LIMIT)
        .withActiveDeadlineSeconds(ACTIVE_DEADLINE_SECONDS)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(workflow))
        .endMetadata()
        .withNewSpec()
        // Never: a failed pod stays for kubectl logs until the CronJob's history drops its Job
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(DesiredDeployment.podSecurity())
        .withContainers(container(workflow, settings))
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName(AgentLabels.configMapName(workflow))
        .endConfigMap()
        .endVolume()
        .addToVolumes(TmpVolume.volume("64Mi"))
        .endSpec()
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /** The command line after the image's entrypoint. */
  static List<String> args() {
    return List.of(
        "audit",
        "purge",
        "--config",
        DesiredDeployment.CONFIG_MOUNT + "/" + RuntimeConfig.FILE_NAME);
  }

  private static Container container(AgentWorkflow workflow, OperatorSettings settings) {
    String image = workflow.getSpec().getImage();
    var pullPolicy = workflow.getSpec().getImagePullPolicy();
    String secret = settings.auditRetentionSecretName();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(image != null ? image : settings.runtimeImage())
        .withImagePullPolicy(pullPolicy != null ? pullPolicy.name() : "IfNotPresent")
        .withArgs(args())
        .withEnv(
            EnvVars.plain("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"),
            EnvVars.fromSecret(RuntimeConfigRenderer.AUDIT_USERNAME_ENV, secret, "username", false),
            EnvVars.fromSecret(RuntimeConfigRenderer.AUDIT_PASSWORD_ENV, secret, "password", false))
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("memory", new Quantity("512Mi"))
        .endResources()
        .withSecurityContext(DesiredDeployment.containerSecurity())
        .addNewVolumeMount()
        .withName("config")
        .withMountPath(DesiredDeployment.CONFIG_MOUNT)
        .withReadOnly(true)
        .endVolumeMount()
        .addToVolumeMounts(TmpVolume.mount())
        .build();
  }

  /**
   * The NetworkPolicy of the purge pods: no ingress; egress to DNS and to the audit database (the
   * same rule the runtime's NetworkPolicy derives from {@code HUBIA_AUDIT_JDBC_URL}).
   */
  public static NetworkPolicy networkPolicy(AgentWorkflow workflow, OperatorSettings settings) {
    Map<String, String> pods = labels(workflow);
    return new NetworkPolicyBuilder()
        .withMetadata(metadata(workflow))
        .withNewSpec()
        .withNewPodSelector()
        .addToMatchLabels("app.kubernetes.io/name", pods.get("app.kubernetes.io/name"))
        .addToMatchLabels("app.kubernetes.io/instance", pods.get("app.kubernetes.io/instance"))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .withEgress(egress(workflow, settings))
        .endSpec()
        .build();
  }

  static List<NetworkPolicyEgressRule> egress(AgentWorkflow workflow, OperatorSettings settings) {
    List<NetworkPolicyEgressRule> rules = new ArrayList<>();
    rules.add(DesiredNetworkPolicy.dns());
    EgressTarget.fromUrl(settings.auditJdbcUrl(), workflow.getMetadata().getNamespace())
        .ifPresent(t -> rules.add(t.toRule()));
    return rules;
  }
}
