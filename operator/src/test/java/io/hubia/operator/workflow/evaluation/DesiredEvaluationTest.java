package io.hubia.operator.workflow.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.ConfigMapKeyRef;
import io.hubia.api.v1alpha1.spec.EvaluationSuite;
import io.hubia.api.v1alpha1.spec.GoldenSetSource;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.RuntimeIdentity;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredDeployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DesiredEvaluationTest {
  private static final RuntimeIdentity IDENTITY =
      new RuntimeIdentity(
          "https://sso.example.org/realms/hubia",
          "https://sso.example.org/realms/hubia/protocol/openid-connect/certs",
          "hubia-runtime",
          null,
          List.of());
  private final OperatorSettings settings = ExampleResources.settings().withIdentity(IDENTITY);
  private final AgentWorkflow workflow = goldenWorkflow();

  private static AgentWorkflow goldenWorkflow() {
    AgentWorkflow workflow = ExampleResources.workflow();
    var evaluation = workflow.getSpec().getEvaluation();
    evaluation.setSuites(
        List.of(EvaluationSuite.Golden, EvaluationSuite.Injection, EvaluationSuite.RedTeam));
    GoldenSetSource golden = new GoldenSetSource();
    ConfigMapKeyRef ref = new ConfigMapKeyRef();
    ref.setName("jeu-de-reference");
    ref.setKey("adherents.yaml");
    golden.setConfigMapRef(ref);
    evaluation.setGoldenSet(golden);
    evaluation.setRepeats(3);
    return workflow;
  }

  private RenderedConfig rendered() {
    return RuntimeConfigRenderer.render(
        workflow,
        ExampleResources.references().policy(),
        ExampleResources.references().indexes(),
        settings.platform());
  }

  private static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  @Test
  void runtimeTrustsOnlyTheEvaluationIssuerAndIsNeverSelectedByTheServingObjects() {
    Deployment serving = DesiredDeployment.of(workflow, rendered(), settings);
    Deployment runtime = DesiredEvaluation.deployment(workflow, rendered(), settings);

    Map<String, EnvVar> env = env(runtime.getSpec().getTemplate().getSpec().getContainers().get(0));
    assertThat(env.get(RuntimeIdentity.ISSUER_ENV).getValue())
        .isEqualTo("https://hubia.io/evaluation/team-a/" + workflow.getMetadata().getName());
    assertThat(env).doesNotContainKey(RuntimeIdentity.JWKS_URL_ENV);
    assertThat(env.get(RuntimeIdentity.PUBLIC_KEY_ENV).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(workflow.getMetadata().getName() + "-evaluation-key");
    assertThat(env.get(RuntimeIdentity.AUDIENCE_ENV).getValue()).isEqualTo("hubia-evaluation");
    assertThat(env.get(DesiredEvaluation.SHADOWS_ENV).getValue()).isEqualTo("true");
    assertThat(env(serving.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .as("the serving pods keep the platform issuer and make no shadow")
        .containsKey(RuntimeIdentity.JWKS_URL_ENV)
        .doesNotContainKey(DesiredEvaluation.SHADOWS_ENV);

    assertThat(runtime.getSpec().getReplicas()).isEqualTo(1);
    assertThat(runtime.getMetadata().getLabels()).doesNotContainKey("app.kubernetes.io/managed-by");
    Map<String, String> podLabels = runtime.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels.entrySet().containsAll(AgentLabels.selector(workflow).entrySet()))
        .as("the serving Service's selector does not match evaluation pods")
        .isFalse();
    assertThat(runtime.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(AgentLabels.CONFIG_HASH_ANNOTATION, rendered().hash())
        .doesNotContainKey("prometheus.io/scrape");
    assertThat(runtime.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getConfigMap() != null)
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.getConfigMap().getName())
                    .isEqualTo(workflow.getMetadata().getName() + "-evaluation"));
    // the evaluation runtime reaches OpenSearch as the serving one does, with the same CA
    assertThat(runtime.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("opensearch-ca"))
        .singleElement()
        .isEqualTo(
            serving.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("opensearch-ca"))
                .findFirst()
                .orElseThrow());
    assertThat(runtime.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .isEqualTo(
            serving.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts());
    assertThat(runtime.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("AgentWorkflow"));
  }

  @Test
  void jobRunsTheEvalCommandWithEverySuiteAsANonRootReadOnlyPod() {
    EvaluationTarget target = EvaluationTarget.of(workflow, rendered());
    Job job = DesiredEvaluation.job(workflow, "assistant-eval-1", target, settings);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    String name = workflow.getMetadata().getName();

    assertThat(container.getArgs())
        .containsSequence("eval", "--runtime", "http://" + name + "-evaluation.team-a.svc:8080")
        .containsSequence("--golden", "/etc/hubia/evaluation/golden/golden.yaml")
        .containsSequence("--suite", "injection")
        .containsSequence("--suite", "redteam")
        .containsSequence("--repeats", "3")
        .containsSequence("--generation", String.valueOf(workflow.getMetadata().getGeneration()))
        .containsSequence("--thresholds", "/etc/hubia/evaluation/settings/thresholds.yaml")
        .containsSequence("--signing-key", "/etc/hubia/evaluation/key/private-key")
        .containsSequence("--summary", "/dev/termination-log")
        .containsSequence("--report-configmap", name + "-evaluation-report");
    assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getServiceAccountName()).isEqualTo(name + "-evaluator");
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive();
    assertThat(job.getMetadata().getLabels())
        .containsEntry(EvaluationNames.REVISION_LABEL, target.shortRevision())
        .containsEntry(EvaluationNames.LABEL, name);
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getSecret()).isNotNull();
              assertThat(v.getSecret().getItems())
                  .as("only the private key is mounted")
                  .singleElement()
                  .satisfies(k -> assertThat(k.getKey()).isEqualTo("private-key"));
            })
        .anySatisfy(
            v -> {
              assertThat(v.getConfigMap()).isNotNull();
              assertThat(v.getConfigMap().getName()).isEqualTo("jeu-de-reference");
              assertThat(v.getConfigMap().getItems().get(0).getKey()).isEqualTo("adherents.yaml");
            });
  }

  @Test
  void goldenSetInTheImageIsReadFromItsPath() {
    GoldenSetSource golden = new GoldenSetSource();
    golden.setPath("/opt/hubia/golden/adherents.yaml");
    workflow.getSpec().getEvaluation().setGoldenSet(golden);
    assertThat(DesiredEvaluation.args(workflow))
        .containsSequence("--golden", "/opt/hubia/golden/adherents.yaml");
  }

  @Test
  void jobMayOnlyReadAndPatchItsReportAndOnlyJobPodsReachTheRuntime() {
    String name = workflow.getMetadata().getName();
    var rule = DesiredEvaluation.jobRole(workflow).getRules();
    assertThat(rule).singleElement();
    assertThat(rule.get(0).getResources()).containsExactly("configmaps");
    assertThat(rule.get(0).getResourceNames()).containsExactly(name + "-evaluation-report");
    assertThat(rule.get(0).getVerbs()).containsExactlyInAnyOrder("get", "patch");

    var policy = DesiredEvaluation.networkPolicy(workflow, settings);
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            i ->
                assertThat(i.getFrom())
                    .singleElement()
                    .satisfies(
                        f ->
                            assertThat(f.getPodSelector().getMatchLabels())
                                .containsExactly(Map.entry(EvaluationNames.CLIENT_LABEL, name))));
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(EvaluationNames.runtimeSelector(workflow));
  }

  @Test
  void jobNamesAreStablePerTargetAndTriggerAndFitInALabel() {
    EvaluationTarget target = new EvaluationTarget(4, "a".repeat(64), List.of("guides=3"));
    AgentWorkflow longName = ExampleResources.workflow();
    longName.getMetadata().setName("x".repeat(60));
    assertThat(EvaluationNames.job(workflow, target, "change"))
        .isEqualTo(EvaluationNames.job(workflow, target, "change"))
        .isNotEqualTo(EvaluationNames.job(workflow, target, "schedule@1"));
    assertThat(EvaluationNames.job(longName, target, "change")).hasSizeLessThanOrEqualTo(63);
  }
}
