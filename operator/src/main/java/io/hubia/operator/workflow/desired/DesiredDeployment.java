package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.ComputeResources;
import io.hubia.api.v1alpha1.spec.ResourceAmounts;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.RuntimeIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Deployment of a workflow's runtime pods: non-root, read-only root filesystem, no
 * capabilities, no service account token, probes on the runtime's health endpoints, the operator's
 * identity and audit settings as environment, the CA of the settings' OpenSearch Secret when there
 * is one ({@link OpenSearchCaVolume}), and the configuration hash on the pod template so that a
 * configuration change rolls the pods.
 */
public final class DesiredDeployment {
  static final String CONFIG_MOUNT = "/etc/hubia";
  static final int RUNTIME_UID = 10001;

  /** The runtime's variable for {@code hubia.audit.migrate}. */
  public static final String AUDIT_MIGRATE_ENV = "HUBIA_AUDIT_MIGRATE";

  private DesiredDeployment() {}

  /** Replicas of the workflow, with the default of 1. */
  public static int replicas(AgentWorkflow workflow) {
    Integer replicas = workflow.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  public static Deployment of(
      AgentWorkflow workflow, RenderedConfig rendered, OperatorSettings settings) {
    return new DeploymentBuilder()
        .withMetadata(AgentLabels.metadata(workflow, AgentLabels.name(workflow)))
        .withNewSpec()
        .withReplicas(replicas(workflow))
        .withRevisionHistoryLimit(5)
        .withNewSelector()
        .withMatchLabels(AgentLabels.selector(workflow))
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(0))
        .withMaxSurge(new io.fabric8.kubernetes.api.model.IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(AgentLabels.labels(workflow))
        .addToAnnotations(AgentLabels.CONFIG_HASH_ANNOTATION, rendered.hash())
        .addToAnnotations("prometheus.io/scrape", "true")
        .addToAnnotations("prometheus.io/port", String.valueOf(AgentLabels.HTTP_PORT))
        .addToAnnotations("prometheus.io/path", "/q/metrics")
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(AgentLabels.name(workflow))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(podSecurity())
        .withContainers(container(workflow, rendered, settings))
        .withVolumes(volumes(workflow, settings))
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container container(
      AgentWorkflow workflow, RenderedConfig rendered, OperatorSettings settings) {
    String image = workflow.getSpec().getImage();
    var pullPolicy = workflow.getSpec().getImagePullPolicy();
    return new ContainerBuilder()
        .withName("runtime")
        .withImage(image != null ? image : settings.runtimeImage())
        .withImagePullPolicy(pullPolicy != null ? pullPolicy.name() : "IfNotPresent")
        .addNewPort()
        .withName("http")
        .withContainerPort(AgentLabels.HTTP_PORT)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env(rendered, settings))
        .withResources(resources(workflow.getSpec().getResources()))
        .withStartupProbe(probe("/q/health/started", 5, 60))
        .withLivenessProbe(probe("/q/health/live", 10, 3))
        .withReadinessProbe(probe("/q/health/ready", 5, 3))
        .withSecurityContext(containerSecurity())
        .withVolumeMounts(mounts(settings))
        .build();
  }

  private static List<Volume> volumes(AgentWorkflow workflow, OperatorSettings settings) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("config")
            .withNewConfigMap()
            .withName(AgentLabels.configMapName(workflow))
            .endConfigMap()
            .build());
    volumes.add(TmpVolume.volume("256Mi"));
    if (settings.opensearchSecretName() != null) {
      volumes.add(OpenSearchCaVolume.volume(settings.opensearchSecretName()));
    }
    return volumes;
  }

  private static List<VolumeMount> mounts(OperatorSettings settings) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName("config")
            .withMountPath(CONFIG_MOUNT)
            .withReadOnly(true)
            .build());
    mounts.add(TmpVolume.mount());
    if (settings.opensearchSecretName() != null) {
      // the rendered opensearch.caFile (RuntimeConfigRenderer) is in there, when the key is
      mounts.add(OpenSearchCaVolume.mount());
    }
    return mounts;
  }

  private static List<EnvVar> env(RenderedConfig rendered, OperatorSettings settings) {
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.plain("HUBIA_CONFIG_PATH", CONFIG_MOUNT + "/" + RuntimeConfig.FILE_NAME));
    env.add(EnvVars.plain("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"));
    env.add(EnvVars.plain(AUDIT_MIGRATE_ENV, String.valueOf(settings.auditMigrate())));
    env.addAll(identityEnv(settings.identity()));
    if (settings.opensearchSecretName() != null) {
      env.add(
          EnvVars.fromSecret(
              RuntimeConfigRenderer.OPENSEARCH_USERNAME_ENV,
              settings.opensearchSecretName(),
              "username",
              false));
      env.add(
          EnvVars.fromSecret(
              RuntimeConfigRenderer.OPENSEARCH_PASSWORD_ENV,
              settings.opensearchSecretName(),
              "password",
              false));
    }
    if (settings.auditSecretName() != null) {
      env.add(
          EnvVars.fromSecret(
              RuntimeConfigRenderer.AUDIT_USERNAME_ENV,
              settings.auditSecretName(),
              "username",
              false));
      env.add(
          EnvVars.fromSecret(
              RuntimeConfigRenderer.AUDIT_PASSWORD_ENV,
              settings.auditSecretName(),
              "password",
              false));
    }
    for (RuntimeConfig.SecretEnv secret : rendered.config().getSecretEnv()) {
      env.add(EnvVars.fromSecret(secret.getEnv(), secret.getSecretName(), secret.getKey(), false));
    }
    return env;
  }

  /**
   * The runtime's {@code hubia.identity.*} settings. They are in the pod template itself, so a
   * change rolls the pods without going through the configuration hash; the public key stays in its
   * Secret (only the Secret's name is written here).
   */
  public static List<EnvVar> identityEnv(RuntimeIdentity identity) {
    if (!identity.configured()) {
      return List.of();
    }
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.plain(RuntimeIdentity.ISSUER_ENV, identity.issuer()));
    if (identity.jwksUrl() != null) {
      env.add(EnvVars.plain(RuntimeIdentity.JWKS_URL_ENV, identity.jwksUrl()));
    }
    if (identity.publicKeySecretName() != null) {
      env.add(
          EnvVars.fromSecret(
              RuntimeIdentity.PUBLIC_KEY_ENV,
              identity.publicKeySecretName(),
              RuntimeIdentity.PUBLIC_KEY_KEY,
              false));
    }
    if (identity.audience() != null) {
      env.add(EnvVars.plain(RuntimeIdentity.AUDIENCE_ENV, identity.audience()));
    }
    return env;
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort("http")
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  static ResourceRequirements resources(ComputeResources spec) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity("250m"));
    requests.put("memory", new Quantity("768Mi"));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("memory", new Quantity("1536Mi"));
    if (spec != null) {
      override(requests, spec.getRequests());
      override(limits, spec.getLimits());
    }
    return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
  }

  private static void override(Map<String, Quantity> target, ResourceAmounts amounts) {
    if (amounts == null) {
      return;
    }
    if (amounts.getCpu() != null) {
      target.put("cpu", new Quantity(amounts.getCpu()));
    }
    if (amounts.getMemory() != null) {
      target.put("memory", new Quantity(amounts.getMemory()));
    }
  }

  /**
   * The pod security context of every pod Hubia runs for a workflow (the runtime, its audit
   * retention Job): non-root as {@link #RUNTIME_UID}, the runtime's default seccomp profile.
   */
  public static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser((long) RUNTIME_UID)
        .withRunAsGroup((long) RUNTIME_UID)
        .withFsGroup((long) RUNTIME_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /**
   * The container security context of those pods: read-only root filesystem, no privilege, no
   * capability.
   */
  public static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withPrivileged(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }
}
