package io.hubia.operator.workflow.evaluation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.hubia.api.config.EvaluationThresholdsFile;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.EvaluationSpec;
import io.hubia.api.v1alpha1.spec.EvaluationSuite;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.RuntimeIdentity;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredDeployment;
import io.hubia.operator.workflow.desired.DesiredNetworkPolicy;
import io.hubia.operator.workflow.desired.EnvVars;
import io.hubia.operator.workflow.desired.TmpVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The objects of one workflow's evaluation: a runtime of the revision under evaluation (ConfigMap,
 * Deployment, Service, NetworkPolicy) that trusts only the evaluation issuer and may make shadow
 * copies of the indexes with planted documents (never the live ones), the report ConfigMap the Job
 * fills, the Job's ServiceAccount with a Role that may only read and patch that one ConfigMap, and
 * the Job itself, which runs the runtime image's {@code eval} command.
 */
public final class DesiredEvaluation {
  /** Name of the Job's container, whose termination message carries the summary. */
  public static final String CONTAINER = "evaluation";

  /** The runtime image's evaluation command. */
  public static final String COMMAND = "eval";

  static final String SETTINGS_MOUNT = "/etc/hubia/evaluation/settings";
  static final String GOLDEN_MOUNT = "/etc/hubia/evaluation/golden";
  static final String KEY_MOUNT = "/etc/hubia/evaluation/key";
  static final String THRESHOLDS_FILE = "thresholds.yaml";
  static final String GOLDEN_FILE = "golden.yaml";
  static final String TERMINATION_LOG = "/dev/termination-log";

  /** The runtime's variable enabling evaluation shadows (planted documents), off by default. */
  public static final String SHADOWS_ENV = "HUBIA_EVALUATION_SHADOWS_ENABLED";

  /** Longest time an evaluation Job may run before Kubernetes stops it. */
  static final long DEADLINE_SECONDS = 3600;

  private static final Set<String> IDENTITY_ENV =
      Set.of(
          RuntimeIdentity.ISSUER_ENV,
          RuntimeIdentity.JWKS_URL_ENV,
          RuntimeIdentity.AUDIENCE_ENV,
          RuntimeIdentity.PUBLIC_KEY_ENV);

  private DesiredEvaluation() {}

  /** The configuration of the revision under evaluation, and the thresholds file of the Job. */
  public static ConfigMap configMap(AgentWorkflow workflow, RenderedConfig candidate) {
    return new ConfigMapBuilder()
        .withMetadata(
            EvaluationNames.metadata(
                workflow, EvaluationNames.runtime(workflow), "evaluation-runtime"))
        .editMetadata()
        .addToAnnotations(AgentLabels.CONFIG_HASH_ANNOTATION, candidate.hash())
        .endMetadata()
        .addToData(RuntimeConfig.FILE_NAME, candidate.yaml())
        .addToData(THRESHOLDS_FILE, EvaluationThresholdsFile.render(spec(workflow)))
        .build();
  }

  /**
   * The evaluation runtime: the serving Deployment's pod for the candidate revision, one replica,
   * its own labels, and an identity that accepts only the evaluation issuer's tokens.
   */
  public static Deployment deployment(
      AgentWorkflow workflow, RenderedConfig candidate, OperatorSettings settings) {
    Deployment deployment = DesiredDeployment.of(workflow, candidate, settings);
    String name = EvaluationNames.runtime(workflow);
    deployment.setMetadata(EvaluationNames.metadata(workflow, name, "evaluation-runtime"));
    deployment.getSpec().setReplicas(1);
    deployment.getSpec().getSelector().setMatchLabels(EvaluationNames.runtimeSelector(workflow));
    var template = deployment.getSpec().getTemplate();
    template.getMetadata().setLabels(EvaluationNames.labels(workflow, "evaluation-runtime"));
    // not scraped: its traffic is the evaluation's, not the users'
    template.getMetadata().getAnnotations().keySet().removeIf(k -> k.startsWith("prometheus.io/"));
    for (Volume volume : template.getSpec().getVolumes()) {
      if (volume.getConfigMap() != null) {
        volume.getConfigMap().setName(name);
      }
    }
    Container container = template.getSpec().getContainers().get(0);
    List<EnvVar> env = new ArrayList<>(container.getEnv());
    env.removeIf(e -> IDENTITY_ENV.contains(e.getName()));
    env.add(EnvVars.plain(RuntimeIdentity.ISSUER_ENV, EvaluationNames.issuer(workflow)));
    env.add(
        EnvVars.fromSecret(
            RuntimeIdentity.PUBLIC_KEY_ENV,
            EvaluationNames.key(workflow),
            EvaluationKeys.PUBLIC_KEY,
            false));
    env.add(EnvVars.plain(RuntimeIdentity.AUDIENCE_ENV, EvaluationNames.AUDIENCE));
    // shadow copies of the indexes with planted documents, for the indirect injection cases
    env.add(EnvVars.plain(SHADOWS_ENV, "true"));
    container.setEnv(env);
    return deployment;
  }

  /** The Service the Job asks through. */
  public static Service service(AgentWorkflow workflow) {
    return new ServiceBuilder()
        .withMetadata(
            EvaluationNames.metadata(
                workflow, EvaluationNames.runtime(workflow), "evaluation-runtime"))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(EvaluationNames.runtimeSelector(workflow))
        .addNewPort()
        .withName("http")
        .withProtocol("TCP")
        .withPort(AgentLabels.HTTP_PORT)
        .withNewTargetPort("http")
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * The evaluation runtime admits only the evaluation Job's pods, and reaches what the serving pods
   * reach.
   */
  public static NetworkPolicy networkPolicy(AgentWorkflow workflow, OperatorSettings settings) {
    return new NetworkPolicyBuilder()
        .withMetadata(
            EvaluationNames.metadata(
                workflow, EvaluationNames.runtime(workflow), "evaluation-runtime"))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(EvaluationNames.runtimeSelector(workflow))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .addToMatchLabels(EvaluationNames.CLIENT_LABEL, workflow.getMetadata().getName())
        .endPodSelector()
        .endFrom()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(AgentLabels.HTTP_PORT))
        .endPort()
        .endIngress()
        .withEgress(DesiredNetworkPolicy.egress(workflow, settings))
        .endSpec()
        .build();
  }

  /** The report ConfigMap, created empty; the Job fills it and the operator never rewrites it. */
  public static ConfigMap reportConfigMap(AgentWorkflow workflow) {
    return new ConfigMapBuilder()
        .withMetadata(
            EvaluationNames.metadata(
                workflow, EvaluationNames.report(workflow), "evaluation-report"))
        .build();
  }

  /** The Job's identity towards the API server, for the report only. */
  public static ServiceAccount jobAccount(AgentWorkflow workflow) {
    return new ServiceAccountBuilder()
        .withMetadata(
            EvaluationNames.metadata(
                workflow, EvaluationNames.jobAccount(workflow), "evaluation-job"))
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /** Read and patch the report ConfigMap, nothing else. */
  public static Role jobRole(AgentWorkflow workflow) {
    return new RoleBuilder()
        .withMetadata(
            EvaluationNames.metadata(
                workflow, EvaluationNames.jobAccount(workflow), "evaluation-job"))
        .addNewRule()
        .withApiGroups("")
        .withResources("configmaps")
        .withResourceNames(EvaluationNames.report(workflow))
        .withVerbs("get", "patch")
        .endRule()
        .build();
  }

  public static RoleBinding jobRoleBinding(AgentWorkflow workflow) {
    String name = EvaluationNames.jobAccount(workflow);
    return new RoleBindingBuilder()
        .withMetadata(EvaluationNames.metadata(workflow, name, "evaluation-job"))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(name)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(name)
        .withNamespace(workflow.getMetadata().getNamespace())
        .endSubject()
        .build();
  }

  /** The Job of one evaluation run against the evaluation runtime. */
  public static Job job(
      AgentWorkflow workflow, String name, EvaluationTarget target, OperatorSettings settings) {
    Map<String, String> labels = EvaluationNames.labels(workflow, "evaluation-job");
    labels.put(EvaluationNames.REVISION_LABEL, target.shortRevision());
    labels.put(EvaluationNames.CLIENT_LABEL, workflow.getMetadata().getName());
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("settings")
            .withNewConfigMap()
            .withName(EvaluationNames.runtime(workflow))
            .withItems(new KeyToPath(THRESHOLDS_FILE, null, THRESHOLDS_FILE))
            .endConfigMap()
            .build());
    mounts.add(mount("settings", SETTINGS_MOUNT));
    volumes.add(
        new VolumeBuilder()
            .withName("key")
            .withNewSecret()
            .withSecretName(EvaluationNames.key(workflow))
            .withDefaultMode(0440)
            .withItems(new KeyToPath(EvaluationKeys.PRIVATE_KEY, null, EvaluationKeys.PRIVATE_KEY))
            .endSecret()
            .build());
    mounts.add(mount("key", KEY_MOUNT));
    var golden = spec(workflow).getGoldenSet();
    if (golden != null && golden.getConfigMapRef() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("golden")
              .withNewConfigMap()
              .withName(golden.getConfigMapRef().getName())
              .withItems(new KeyToPath(golden.getConfigMapRef().getKey(), null, GOLDEN_FILE))
              .endConfigMap()
              .build());
      mounts.add(mount("golden", GOLDEN_MOUNT));
    }
    volumes.add(TmpVolume.volume("256Mi"));
    mounts.add(TmpVolume.mount());
    String image = workflow.getSpec().getImage();
    Container container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(image != null ? image : settings.runtimeImage())
            .withArgs(args(workflow))
            .withEnv(
                EnvVars.plain("HOME", "/tmp"),
                EnvVars.plain("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75"))
            .withVolumeMounts(mounts)
            .withTerminationMessagePath(TERMINATION_LOG)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .addToRequests("memory", new Quantity("256Mi"))
            .addToLimits("memory", new Quantity("512Mi"))
            .endResources()
            .withSecurityContext(DesiredDeployment.containerSecurity())
            .build();
    return new JobBuilder()
        .withMetadata(EvaluationNames.metadata(workflow, name, "evaluation-job"))
        .editMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(DEADLINE_SECONDS)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(EvaluationNames.jobAccount(workflow))
        // the token writes the report ConfigMap, the only thing its Role allows
        .withAutomountServiceAccountToken(true)
        .withEnableServiceLinks(false)
        .withSecurityContext(DesiredDeployment.podSecurity())
        .withContainers(container)
        .withVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The evaluation command's arguments for the workflow's spec. */
  static List<String> args(AgentWorkflow workflow) {
    EvaluationSpec spec = spec(workflow);
    List<String> args = new ArrayList<>();
    args.add(COMMAND);
    args.addAll(List.of("--runtime", EvaluationNames.runtimeUrl(workflow)));
    args.addAll(List.of("--workflow", workflow.getMetadata().getName()));
    Long generation = workflow.getMetadata().getGeneration();
    if (generation != null && generation > 0) {
      args.addAll(List.of("--generation", String.valueOf(generation)));
    }
    for (EvaluationSuite suite : spec.getSuites()) {
      if (suite == EvaluationSuite.Golden) {
        var golden = spec.getGoldenSet();
        String file =
            golden.getConfigMapRef() != null ? GOLDEN_MOUNT + "/" + GOLDEN_FILE : golden.getPath();
        args.addAll(List.of("--golden", file));
      } else {
        args.addAll(List.of("--suite", suite.name().toLowerCase(Locale.ROOT)));
      }
    }
    args.addAll(List.of("--thresholds", SETTINGS_MOUNT + "/" + THRESHOLDS_FILE));
    args.addAll(
        List.of("--repeats", String.valueOf(spec.getRepeats() == null ? 1 : spec.getRepeats())));
    args.addAll(List.of("--signing-key", KEY_MOUNT + "/" + EvaluationKeys.PRIVATE_KEY));
    args.addAll(List.of("--token-issuer", EvaluationNames.issuer(workflow)));
    args.addAll(List.of("--token-audience", EvaluationNames.AUDIENCE));
    args.addAll(List.of("--out", "/tmp/evaluation"));
    args.addAll(List.of("--summary", TERMINATION_LOG));
    args.addAll(List.of("--report-configmap", EvaluationNames.report(workflow)));
    return args;
  }

  private static EvaluationSpec spec(AgentWorkflow workflow) {
    return workflow.getSpec().getEvaluation();
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
  }
}
