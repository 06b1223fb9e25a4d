package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.sync.IngestionJobContract;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.ComputeResources;
import io.hubia.api.v1alpha1.spec.ResourceAmounts;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.RuntimeIdentity;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DesiredDeploymentTest {
  private static final String ISSUER = "https://sso.example.org/realms/hubia";
  private static final RuntimeIdentity JWKS_IDENTITY =
      new RuntimeIdentity(
          ISSUER,
          "https://sso.example.org/realms/hubia/protocol/openid-connect/certs",
          "hubia-runtime",
          null,
          List.of());
  private static final RuntimeIdentity KEY_IDENTITY =
      new RuntimeIdentity(ISSUER, null, null, "hubia-identity-key", List.of());

  private final OperatorSettings settings = ExampleResources.settings();

  private static OperatorSettings withIdentity(RuntimeIdentity identity) {
    return ExampleResources.settings().withIdentity(identity);
  }

  private Deployment deploy(AgentWorkflow workflow) {
    return deploy(workflow, settings);
  }

  private static Deployment deploy(AgentWorkflow workflow, OperatorSettings settings) {
    RenderedConfig rendered =
        RuntimeConfigRenderer.render(
            workflow,
            ExampleResources.references().policy(),
            ExampleResources.references().indexes(),
            settings.platform());
    return DesiredDeployment.of(workflow, rendered, settings);
  }

  private static AgentWorkflow workflow(Consumer<AgentWorkflow> change) {
    AgentWorkflow workflow = ExampleResources.workflow();
    change.accept(workflow);
    return workflow;
  }

  private static PodSpec pod(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec();
  }

  private static Container runtime(Deployment deployment) {
    assertThat(pod(deployment).getContainers()).hasSize(1);
    Container container = pod(deployment).getContainers().get(0);
    assertThat(container.getName()).isEqualTo("runtime");
    return container;
  }

  private static EnvVar env(Deployment deployment, String name) {
    return runtime(deployment).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env var " + name));
  }

  private static void assertFromSecret(EnvVar env, String secret, String key) {
    assertThat(env.getValue()).as("literal value of %s", env.getName()).isNull();
    SecretKeySelector ref = env.getValueFrom().getSecretKeyRef();
    assertThat(ref.getName()).isEqualTo(secret);
    assertThat(ref.getKey()).isEqualTo(key);
    assertThat(ref.getOptional()).isFalse();
  }

  @Test
  void metadataAndSelectorFollowTheWorkflow() {
    AgentWorkflow workflow = ExampleResources.workflow();
    Deployment deployment = deploy(workflow);

    assertThat(deployment.getMetadata().getName()).isEqualTo("assistant");
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(deployment.getMetadata().getLabels()).isEqualTo(AgentLabels.labels(workflow));
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(AgentLabels.selector(workflow));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(AgentLabels.selector(workflow));
  }

  @Test
  void podRunsNonRootWithSeccompAndNoServiceAccountToken() {
    PodSpec pod = pod(deploy(ExampleResources.workflow()));

    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isEqualTo("assistant");
    assertThat(pod.getEnableServiceLinks()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @Test
  void containerIsLockedDown() {
    var context = runtime(deploy(ExampleResources.workflow())).getSecurityContext();

    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getPrivileged()).isFalse();
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isEmpty();
  }

  @Test
  void probesHitTheRuntimeHealthEndpointsOnTheHttpPort() {
    Container container = runtime(deploy(ExampleResources.workflow()));

    assertThat(container.getPorts()).hasSize(1);
    assertThat(container.getPorts().get(0).getName()).isEqualTo("http");
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);
    assertProbe(container.getStartupProbe(), "/q/health/started");
    assertProbe(container.getLivenessProbe(), "/q/health/live");
    assertProbe(container.getReadinessProbe(), "/q/health/ready");
    // The startup probe gives a slow JVM start minutes before liveness may kill it.
    assertThat(
            container.getStartupProbe().getPeriodSeconds()
                * container.getStartupProbe().getFailureThreshold())
        .isGreaterThanOrEqualTo(120);
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
  }

  @Test
  void configHashAnnotationOnThePodTemplateIsTheRenderedHash() {
    AgentWorkflow workflow = ExampleResources.workflow();
    RenderedConfig rendered =
        RuntimeConfigRenderer.render(
            workflow,
            ExampleResources.references().policy(),
            ExampleResources.references().indexes(),
            settings.platform());
    Deployment deployment = DesiredDeployment.of(workflow, rendered, settings);

    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(AgentLabels.CONFIG_HASH_ANNOTATION, rendered.hash());
    assertThat(rendered.hash()).matches("[0-9a-f]{64}");
  }

  @Test
  void aPromptChangeChangesThePodTemplateSoThePodsRoll() {
    Deployment before = deploy(ExampleResources.workflow());
    Deployment after =
        deploy(workflow(w -> w.getSpec().getPrompts().setSystem("Answer in one sentence.")));

    assertThat(after.getSpec().getTemplate()).isNotEqualTo(before.getSpec().getTemplate());
  }

  @Test
  void scalingLeavesThePodTemplateAloneSoNoPodRolls() {
    Deployment before = deploy(ExampleResources.workflow());
    Deployment after = deploy(workflow(w -> w.getSpec().setReplicas(7)));

    assertThat(after.getSpec().getReplicas()).isEqualTo(7);
    assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
  }

  @Test
  void replicasDefaultToOne() {
    assertThat(deploy(workflow(w -> w.getSpec().setReplicas(null))).getSpec().getReplicas())
        .isEqualTo(1);
    assertThat(deploy(workflow(w -> w.getSpec().setReplicas(0))).getSpec().getReplicas()).isZero();
    assertThat(deploy(ExampleResources.workflow()).getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void rollingUpdateNeverTakesAPodDownBeforeItsReplacementIsUp() {
    var rollingUpdate = deploy(ExampleResources.workflow()).getSpec().getStrategy();

    assertThat(rollingUpdate.getType()).isEqualTo("RollingUpdate");
    assertThat(rollingUpdate.getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(0));
    assertThat(rollingUpdate.getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(1));
  }

  @Test
  void imageComesFromTheSettingsUnlessTheSpecNamesOne() {
    Container defaulted =
        runtime(
            deploy(
                workflow(
                    w -> {
                      w.getSpec().setImage(null);
                      w.getSpec().setImagePullPolicy(null);
                    })));
    Container overridden = runtime(deploy(ExampleResources.workflow()));

    assertThat(defaulted.getImage()).isEqualTo("ghcr.io/hubia/hubia-runtime:default");
    assertThat(defaulted.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(overridden.getImage()).isEqualTo("registry.example.org/hubia-runtime:1.2.3");
    assertThat(overridden.getImagePullPolicy()).isEqualTo("Always");
  }

  @Test
  void resourcesDefaultToTheDocumentedAmountsWithoutACpuLimit() {
    var resources = runtime(deploy(workflow(w -> w.getSpec().setResources(null)))).getResources();

    assertThat(resources.getRequests())
        .containsOnly(entry("cpu", new Quantity("250m")), entry("memory", new Quantity("768Mi")));
    assertThat(resources.getLimits()).containsOnly(entry("memory", new Quantity("1536Mi")));
  }

  @Test
  void resourcesOfTheSpecOverrideTheDefaults() {
    var resources = runtime(deploy(ExampleResources.workflow())).getResources();

    assertThat(resources.getRequests())
        .containsOnly(entry("cpu", new Quantity("500m")), entry("memory", new Quantity("1Gi")));
    assertThat(resources.getLimits())
        .containsOnly(entry("cpu", new Quantity("2")), entry("memory", new Quantity("2Gi")));
  }

  @Test
  void aPartialOverrideKeepsTheOtherDefaults() {
    ComputeResources partial = new ComputeResources();
    partial.setRequests(new ResourceAmounts());
    partial.getRequests().setMemory("2Gi");
    var resources =
        runtime(deploy(workflow(w -> w.getSpec().setResources(partial)))).getResources();

    assertThat(resources.getRequests())
        .containsOnly(entry("cpu", new Quantity("250m")), entry("memory", new Quantity("2Gi")));
    assertThat(resources.getLimits()).containsOnly(entry("memory", new Quantity("1536Mi")));
  }

  @Test
  void modelAndToolKeysComeFromTheirSecretsUnderTheRenderedNames() {
    AgentWorkflow workflow = ExampleResources.workflow();
    Deployment deployment = deploy(workflow);
    SecretKeyRef modelKey = workflow.getSpec().getModel().getApiKeySecretRef();
    SecretKeyRef toolKey = workflow.getSpec().getTools().get(0).getHttp().getAuthSecretRef();

    assertFromSecret(
        env(deployment, RuntimeConfigRenderer.envName(modelKey)), "mistral-api", "api-key");
    assertFromSecret(env(deployment, RuntimeConfigRenderer.envName(toolKey)), "crm-token", "token");
  }

  @Test
  void openSearchAndAuditCredentialsComeFromTheSecretsOfTheSettings() {
    AgentWorkflow workflow = ExampleResources.workflow();
    RenderedConfig rendered =
        RuntimeConfigRenderer.render(
            workflow,
            ExampleResources.references().policy(),
            ExampleResources.references().indexes(),
            settings.platform());
    Deployment deployment = DesiredDeployment.of(workflow, rendered, settings);
    RuntimeConfig config = rendered.config();

    assertFromSecret(
        env(deployment, config.getOpensearch().getUsernameEnv()), "hubia-opensearch", "username");
    assertFromSecret(
        env(deployment, config.getOpensearch().getPasswordEnv()), "hubia-opensearch", "password");
    assertFromSecret(
        env(deployment, config.getAudit().getUsernameEnv()), "hubia-audit", "username");
    assertFromSecret(
        env(deployment, config.getAudit().getPasswordEnv()), "hubia-audit", "password");
  }

  @Test
  void noCredentialVariablesWithoutSettingsSecrets() {
    Deployment deployment =
        deploy(ExampleResources.workflow(), ExampleResources.settingsWithoutSecrets());

    assertThat(runtime(deployment).getEnv())
        .extracting(EnvVar::getName)
        .noneMatch(n -> n.endsWith("_USERNAME") || n.endsWith("_PASSWORD"));
  }

  @Test
  void everyVariableButTheThreePlainOnesComesFromASecret() {
    List<EnvVar> env = runtime(deploy(ExampleResources.workflow())).getEnv();

    assertThat(env)
        .filteredOn(e -> e.getValue() != null)
        .extracting(EnvVar::getName)
        .containsExactlyInAnyOrder("HUBIA_CONFIG_PATH", "JAVA_TOOL_OPTIONS", "HUBIA_AUDIT_MIGRATE");
    // 3 plain + OpenSearch and audit username/password + model key + tool key; no issuer set
    assertThat(env).hasSize(9);
    assertThat(env).extracting(EnvVar::getName).doesNotHaveDuplicates();
  }

  @Test
  void withoutAnIssuerNoIdentityVariableIsSet() {
    assertThat(runtime(deploy(ExampleResources.workflow())).getEnv())
        .extracting(EnvVar::getName)
        .noneMatch(n -> n.startsWith("HUBIA_IDENTITY_"));
  }

  @Test
  void aJwksIssuerReachesTheRuntimeAsItsIdentitySettings() {
    Deployment deployment = deploy(ExampleResources.workflow(), withIdentity(JWKS_IDENTITY));

    assertThat(env(deployment, "HUBIA_IDENTITY_ISSUER").getValue()).isEqualTo(ISSUER);
    assertThat(env(deployment, "HUBIA_IDENTITY_JWKS_URL").getValue())
        .isEqualTo("https://sso.example.org/realms/hubia/protocol/openid-connect/certs");
    assertThat(env(deployment, "HUBIA_IDENTITY_AUDIENCE").getValue()).isEqualTo("hubia-runtime");
    assertThat(runtime(deployment).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("HUBIA_IDENTITY_PUBLIC_KEY", "HUBIA_IDENTITY_EGRESS_CIDRS")
        .doesNotHaveDuplicates();
  }

  @Test
  void aPublicKeyComesFromItsSecretAndIsNeverWrittenIntoTheDeployment() {
    Deployment deployment = deploy(ExampleResources.workflow(), withIdentity(KEY_IDENTITY));

    assertThat(env(deployment, "HUBIA_IDENTITY_ISSUER").getValue()).isEqualTo(ISSUER);
    assertFromSecret(
        env(deployment, "HUBIA_IDENTITY_PUBLIC_KEY"), "hubia-identity-key", "public-key");
    assertThat(runtime(deployment).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("HUBIA_IDENTITY_JWKS_URL", "HUBIA_IDENTITY_AUDIENCE");
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asYaml(deployment))
        .doesNotContain("BEGIN PUBLIC KEY");
  }

  @Test
  void auditMigrationIsAlwaysStatedAndFollowsTheSettings() {
    assertThat(env(deploy(ExampleResources.workflow()), "HUBIA_AUDIT_MIGRATE").getValue())
        .isEqualTo("true");
    assertThat(
            env(
                    deploy(ExampleResources.workflow(), settings.withAuditMigrate(false)),
                    "HUBIA_AUDIT_MIGRATE")
                .getValue())
        .isEqualTo("false");
  }

  static Stream<Arguments> runtimeSettingChanges() {
    return Stream.of(
        Arguments.of("issuer set", withIdentity(JWKS_IDENTITY)),
        Arguments.of(
            "issuer changed",
            withIdentity(
                new RuntimeIdentity(
                    "https://sso.example.org/realms/other",
                    JWKS_IDENTITY.jwksUrl(),
                    JWKS_IDENTITY.audience(),
                    null,
                    List.of()))),
        Arguments.of(
            "JWKS URL changed",
            withIdentity(
                new RuntimeIdentity(
                    ISSUER, "https://sso.example.org/keys", "hubia-runtime", null, List.of()))),
        Arguments.of(
            "audience removed",
            withIdentity(
                new RuntimeIdentity(ISSUER, JWKS_IDENTITY.jwksUrl(), null, null, List.of()))),
        Arguments.of("public key instead of JWKS", withIdentity(KEY_IDENTITY)),
        Arguments.of(
            "public key Secret renamed",
            withIdentity(new RuntimeIdentity(ISSUER, null, null, "other-key", List.of()))),
        Arguments.of("audit migration off", withIdentity(JWKS_IDENTITY).withAuditMigrate(false)));
  }

  /**
   * The settings are in the pod template, so changing them rolls the pods; the configuration hash
   * (the ConfigMap's) is not theirs and stays.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimeSettingChanges")
  void changingARuntimeSettingChangesThePodTemplateSoThePodsRoll(
      String change, OperatorSettings changed) {
    OperatorSettings before = change.equals("issuer set") ? settings : withIdentity(JWKS_IDENTITY);
    Deployment was = deploy(ExampleResources.workflow(), before);
    Deployment now = deploy(ExampleResources.workflow(), changed);

    assertThat(now.getSpec().getTemplate()).isNotEqualTo(was.getSpec().getTemplate());
    assertThat(runtime(now).getEnv()).isNotEqualTo(runtime(was).getEnv());
    assertThat(now.getSpec().getTemplate().getMetadata().getAnnotations())
        .isEqualTo(was.getSpec().getTemplate().getMetadata().getAnnotations());
  }

  @Test
  void egressCidrsOnlyShapeTheNetworkPolicyNotThePods() {
    OperatorSettings withCidrs =
        withIdentity(
            new RuntimeIdentity(
                ISSUER,
                JWKS_IDENTITY.jwksUrl(),
                JWKS_IDENTITY.audience(),
                null,
                List.of("203.0.113.0/24")));

    assertThat(deploy(ExampleResources.workflow(), withCidrs))
        .isEqualTo(deploy(ExampleResources.workflow(), withIdentity(JWKS_IDENTITY)));
  }

  @Test
  void configMapIsMountedReadOnlyWhereTheRuntimeLooksForIt() {
    Deployment deployment = deploy(ExampleResources.workflow());
    PodSpec pod = pod(deployment);
    Container container = runtime(deployment);

    Volume config =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("config"))
            .findFirst()
            .orElseThrow();
    assertThat(config.getConfigMap().getName()).isEqualTo("assistant-config");
    VolumeMount mount =
        container.getVolumeMounts().stream()
            .filter(m -> m.getName().equals("config"))
            .findFirst()
            .orElseThrow();
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(env(deployment, "HUBIA_CONFIG_PATH").getValue())
        .isEqualTo(mount.getMountPath() + "/" + RuntimeConfig.FILE_NAME)
        .isEqualTo("/etc/hubia/hubia-runtime.yaml");
  }

  @Test
  void tmpIsAWritableSizeLimitedEmptyDirSinceTheRootFilesystemIsReadOnly() {
    Deployment deployment = deploy(ExampleResources.workflow());

    Volume tmp =
        pod(deployment).getVolumes().stream()
            .filter(v -> v.getName().equals("tmp"))
            .findFirst()
            .orElseThrow();
    assertThat(tmp.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("256Mi"));
    assertThat(runtime(deployment).getVolumeMounts())
        .filteredOn(m -> m.getName().equals("tmp"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            });
    assertThat(pod(deployment).getVolumes())
        .extracting(Volume::getName)
        .containsExactlyInAnyOrder("config", "tmp", "opensearch-ca");
  }

  @Test
  void theOptionalCaOfTheOpenSearchSecretIsMountedReadOnlyWhereTheConfigurationSaysIt() {
    RenderedConfig rendered =
        RuntimeConfigRenderer.render(
            ExampleResources.workflow(),
            ExampleResources.references().policy(),
            ExampleResources.references().indexes(),
            settings.platform());
    Deployment deployment = DesiredDeployment.of(ExampleResources.workflow(), rendered, settings);

    Volume ca =
        pod(deployment).getVolumes().stream()
            .filter(v -> v.getName().equals("opensearch-ca"))
            .findFirst()
            .orElseThrow();
    assertThat(ca.getSecret().getSecretName()).isEqualTo("hubia-opensearch");
    // a Secret without ca.crt (or no Secret yet) must not keep the pods from starting
    assertThat(ca.getSecret().getOptional()).isTrue();
    assertThat(ca.getSecret().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getKey()).isEqualTo("ca.crt");
              assertThat(item.getPath()).isEqualTo("ca.crt");
            });
    assertThat(ca.getSecret().getDefaultMode()).isEqualTo(0440);
    VolumeMount mount =
        runtime(deployment).getVolumeMounts().stream()
            .filter(m -> m.getName().equals("opensearch-ca"))
            .findFirst()
            .orElseThrow();
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(mount.getMountPath() + "/" + item(ca))
        .isEqualTo(rendered.config().getOpensearch().getCaFile())
        .isEqualTo(IngestionJobContract.OPENSEARCH_CA_FILE);
    // only the rendered configuration names the file: no variable for it
    assertThat(runtime(deployment).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain(IngestionJobContract.ENV_OPENSEARCH_CA_FILE);
  }

  private static String item(Volume volume) {
    return volume.getSecret().getItems().get(0).getPath();
  }

  @Test
  void withoutAnOpenSearchSecretNoCaIsMounted() {
    Deployment deployment =
        deploy(ExampleResources.workflow(), ExampleResources.settingsWithoutSecrets());

    assertThat(pod(deployment).getVolumes())
        .extracting(Volume::getName)
        .containsExactlyInAnyOrder("config", "tmp");
    assertThat(runtime(deployment).getVolumeMounts())
        .extracting(VolumeMount::getName)
        .containsExactlyInAnyOrder("config", "tmp");
  }

  @Test
  void podTemplateAnnotationsOnlyCarryTheHashAndTheScrapeHints() {
    Map<String, String> annotations =
        deploy(ExampleResources.workflow()).getSpec().getTemplate().getMetadata().getAnnotations();

    assertThat(annotations)
        .containsOnlyKeys(
            AgentLabels.CONFIG_HASH_ANNOTATION,
            "prometheus.io/scrape",
            "prometheus.io/port",
            "prometheus.io/path");
    assertThat(annotations).containsEntry("prometheus.io/path", "/q/metrics");
  }
}
