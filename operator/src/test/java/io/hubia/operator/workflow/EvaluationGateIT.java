package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.EvaluationSpec;
import io.hubia.api.v1alpha1.spec.EvaluationSuite;
import io.hubia.api.v1alpha1.spec.MetricThreshold;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.operator.RuntimeIdentity;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.testing.EvaluationJobSimulator;
import io.hubia.operator.testing.OperatorTestCluster;
import io.hubia.operator.testing.TestResources;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.evaluation.EvaluationNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Evaluation and its gate against the mock API server, with the operator wired as in production and
 * evaluation Jobs played by {@link EvaluationJobSimulator}: a gated workflow serves nothing until
 * its first revision passes; a generation that fails keeps the previous revision serving and says
 * why; one that passes is promoted; a content sync is evaluated again; an evaluation that cannot
 * run is reported as such.
 */
@EnableKubernetesMockClient(crud = true)
class EvaluationGateIT {
  private static final String NAME = "assistant-adherents";
  private static final Duration WAIT = Duration.ofSeconds(60);

  static KubernetesClient mockClient;
  static OperatorTestCluster cluster;
  static KubernetesClient client;
  static EvaluationJobSimulator jobs;

  /** Revisions (short) whose evaluation fails; every other one passes. */
  static final Set<String> failing = ConcurrentHashMap.newKeySet();

  /** Revisions (short) whose evaluation cannot run. */
  static final Set<String> broken = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() throws Exception {
    cluster = new OperatorTestCluster(mockClient).startOperator();
    client = cluster.client();
    jobs = EvaluationJobSimulator.start(client, EvaluationGateIT::ending);
  }

  @AfterAll
  static void stop() {
    jobs.close();
    cluster.close();
  }

  static EvaluationJobSimulator.Ending ending(Job job) {
    String revision = job.getMetadata().getLabels().get(EvaluationNames.REVISION_LABEL);
    if (broken.contains(revision)) {
      return new EvaluationJobSimulator.Ending(
          2, "{\"result\":\"Error\",\"message\":\"golden set golden.yaml: line 3: missing 'id'\"}");
    }
    boolean fails = failing.contains(revision);
    double rate = fails ? 0.2 : 0.0;
    return new EvaluationJobSimulator.Ending(
        fails ? 1 : 0,
        "{\"result\":\""
            + (fails ? "Failed" : "Passed")
            + "\",\"score\":"
            + (fails ? 0.61 : 0.93)
            + ",\"suites\":[{\"name\":\"injection\",\"cases\":30,\"passed\":"
            + !fails
            + ",\"metrics\":[{\"name\":\"attack_success_rate\",\"value\":"
            + rate
            + ",\"max\":0.05,\"passed\":"
            + !fails
            + "},{\"name\":\"latency_p95_ms\",\"value\":840.0}]}]}");
  }

  private static AgentWorkflow createWorkflow(String ns, boolean gate) {
    cluster.create(TestResources.policy(ns));
    RetrievalIndex index = cluster.create(TestResources.index(ns));
    TestResources.reportSynced(client, index);
    cluster.create(TestResources.modelSecret(ns));
    AgentWorkflow workflow = TestResources.workflow(ns);
    EvaluationSpec evaluation = new EvaluationSpec();
    evaluation.setSuites(List.of(EvaluationSuite.Injection));
    MetricThreshold threshold = new MetricThreshold();
    threshold.setMetric("injection.attack_success_rate");
    threshold.setMax(0.05);
    evaluation.setThresholds(List.of(threshold));
    evaluation.setGate(gate);
    workflow.getSpec().setEvaluation(evaluation);
    return cluster.create(workflow);
  }

  @Test
  void gatedWorkflowServesOnlyOnceItsFirstRevisionPassed() {
    String ns = OperatorTestCluster.namespace();
    jobs.hold();
    try {
      createWorkflow(ns, true);
      AgentWorkflow waiting =
          cluster.awaitReady(AgentWorkflow.class, ns, NAME, "False", "AwaitingEvaluation");
      await().atMost(WAIT).until(() -> evaluationRuntime(ns) != null);
      assertThat(servingDeployment(ns)).as("nothing serves before an evaluation passed").isNull();
      assertThat(waiting.getStatus().getCandidateRevision()).hasSize(12);

      Deployment runtime = evaluationRuntime(ns);
      assertThat(runtime.getMetadata().getLabels())
          .doesNotContainKey("app.kubernetes.io/managed-by")
          .containsEntry(EvaluationNames.LABEL, NAME);
      List<EnvVar> env = runtime.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
      assertThat(env)
          .anySatisfy(
              e -> {
                assertThat(e.getName()).isEqualTo(RuntimeIdentity.ISSUER_ENV);
                assertThat(e.getValue())
                    .isEqualTo(EvaluationNames.issuer(cluster.workflow(ns, NAME)));
              });
      assertThat(client.secrets().inNamespace(ns).withName(NAME + "-evaluation-key").get())
          .as("the evaluation issuer's key pair")
          .isNotNull();
      await().atMost(WAIT).until(() -> !jobs.started().isEmpty());
      assertThat(cluster.workflow(ns, NAME).getStatus().getEvaluation().getResult())
          .isEqualTo("Running");
    } finally {
      jobs.release();
    }

    AgentWorkflow ready = cluster.awaitReady(AgentWorkflow.class, ns, NAME, "True", "Ready");
    await().atMost(WAIT).until(() -> servingDeployment(ns) != null);
    ready =
        await()
            .atMost(WAIT)
            .until(
                () -> cluster.workflow(ns, NAME),
                w -> "Passed".equals(w.getStatus().getEvaluation().getResult()));
    var evaluation = ready.getStatus().getEvaluation();
    assertThat(evaluation.getScore()).isEqualTo(0.93);
    assertThat(evaluation.getGenerationEvaluated()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(evaluation.getIndexGenerations()).containsExactly("fiches-pratiques=1");
    assertThat(evaluation.getReport()).isEqualTo(NAME + "-evaluation-report");
    assertThat(evaluation.getSuites().get(0).getMetrics().get(0).getPassed()).isTrue();
    assertThat(condition(ns, ConditionType.Evaluated).getStatus()).isEqualTo("True");
    assertThat(servingHash(ns)).startsWith(evaluation.getRevision());
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withName(NAME + "-evaluation-report")
                .get()
                .getData())
        .containsKey("report.json");
    await().atMost(WAIT).until(() -> evaluationRuntime(ns) == null);
    String scrape = cluster.operator().metrics().scrape();
    String labels = "namespace=\"" + ns + "\",suite=\"injection\",workflow=\"" + NAME + "\"";
    assertThat(scrape)
        .contains("hubia_evaluation_metric{metric=\"attack_success_rate\"," + labels + "} 0.0")
        .contains(
            "hubia_evaluation_threshold_passed{metric=\"attack_success_rate\"," + labels + "} 1.0")
        .contains(
            "hubia_evaluation_promotions_total{namespace=\""
                + ns
                + "\",workflow=\""
                + NAME
                + "\"} 1.0");
    assertThat(cluster.events(ns, NAME))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Promoted"));
  }

  @Test
  void failingGenerationKeepsThePreviousRevisionServingAndAPassingOneIsPromoted() {
    String ns = OperatorTestCluster.namespace();
    createWorkflow(ns, true);
    AgentWorkflow first = awaitEvaluated(ns, "Passed", 1);
    await().atMost(WAIT).until(() -> servingDeployment(ns) != null);
    String firstHash = servingHash(ns);
    String firstRevision = first.getStatus().getEvaluation().getRevision();

    jobs.hold();
    try {
      cluster.editWorkflow(
          ns, NAME, w -> w.getSpec().getPrompts().setSystem("Réponds en trois phrases au plus."));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  jobs.started().stream()
                      .anyMatch(
                          j ->
                              j.getMetadata().getNamespace().equals(ns)
                                  && !revisionOf(j).equals(firstRevision)));
      Job second =
          jobs.started().stream()
              .filter(
                  j ->
                      j.getMetadata().getNamespace().equals(ns)
                          && !revisionOf(j).equals(firstRevision))
              .findFirst()
              .orElseThrow();
      failing.add(revisionOf(second));
    } finally {
      jobs.release();
    }
    AgentWorkflow refused = awaitEvaluated(ns, "Failed", 2);
    Condition evaluated = condition(ns, ConditionType.Evaluated);
    assertThat(evaluated.getStatus()).isEqualTo("False");
    assertThat(evaluated.getReason()).isEqualTo("ThresholdsNotMet");
    assertThat(evaluated.getMessage())
        .contains("is not promoted")
        .contains("revision " + firstRevision + " keeps serving")
        .contains("injection.attack_success_rate 0.2 > max 0.05");
    assertThat(refused.getStatus().getCandidateRevision())
        .isEqualTo(refused.getStatus().getEvaluation().getRevision())
        .isNotEqualTo(firstRevision);
    assertThat(refused.getStatus().getActiveRevision()).isEqualTo(firstRevision);
    assertThat(condition(ns, ConditionType.Ready).getStatus()).isEqualTo("True");
    assertThat(servingHash(ns)).as("the serving pods were not rolled").isEqualTo(firstHash);
    assertThat(cluster.events(ns, NAME))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("ThresholdsNotMet"));

    cluster.editWorkflow(
        ns, NAME, w -> w.getSpec().getPrompts().setSystem("Réponds en citant chaque source."));
    AgentWorkflow promoted = awaitEvaluated(ns, "Passed", 3);
    await()
        .atMost(WAIT)
        .until(
            () -> servingHash(ns).startsWith(promoted.getStatus().getEvaluation().getRevision()));
    AgentWorkflow after =
        await()
            .atMost(WAIT)
            .until(
                () -> cluster.workflow(ns, NAME),
                w ->
                    w.getStatus().getCandidateRevision() == null
                        && promoted
                            .getStatus()
                            .getEvaluation()
                            .getRevision()
                            .equals(w.getStatus().getActiveRevision()));
    assertThat(condition(ns, ConditionType.Evaluated).getReason()).isEqualTo("ThresholdsMet");
    assertThat(after.getStatus().getEvaluation().getScore()).isEqualTo(0.93);
  }

  @Test
  void contentSyncIsEvaluatedAgainWithoutHoldingTheUngatedRevision() {
    String ns = OperatorTestCluster.namespace();
    createWorkflow(ns, false);
    await().atMost(WAIT).until(() -> servingDeployment(ns) != null);
    AgentWorkflow first = awaitEvaluated(ns, "Passed", 1);
    assertThat(first.getStatus().getEvaluation().getIndexGenerations())
        .containsExactly("fiches-pratiques=1");
    assertThat(first.getStatus().getCandidateRevision()).isNull();

    setContentGeneration(ns, 2);
    AgentWorkflow again =
        await()
            .atMost(WAIT)
            .until(
                () -> cluster.workflow(ns, NAME),
                w ->
                    w.getStatus().getEvaluation() != null
                        && "Passed".equals(w.getStatus().getEvaluation().getResult())
                        && w.getStatus()
                            .getEvaluation()
                            .getIndexGenerations()
                            .equals(List.of("fiches-pratiques=2")));
    assertThat(again.getStatus().getEvaluation().getJobName())
        .isNotEqualTo(first.getStatus().getEvaluation().getJobName());
    assertThat(again.getStatus().getEvaluation().getRevision())
        .isEqualTo(first.getStatus().getEvaluation().getRevision());
  }

  @Test
  void evaluationThatCannotRunSaysWhyAndKeepsNothingFromServingUngated() {
    String ns = OperatorTestCluster.namespace();
    jobs.hold();
    String revision;
    try {
      createWorkflow(ns, false);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  jobs.started().stream().anyMatch(j -> j.getMetadata().getNamespace().equals(ns)));
      revision =
          revisionOf(
              jobs.started().stream()
                  .filter(j -> j.getMetadata().getNamespace().equals(ns))
                  .findFirst()
                  .orElseThrow());
      broken.add(revision);
    } finally {
      jobs.release();
    }
    AgentWorkflow errored = awaitEvaluated(ns, "Error", 1);
    Condition evaluated = condition(ns, ConditionType.Evaluated);
    assertThat(evaluated.getReason()).isEqualTo("EvaluationError");
    assertThat(evaluated.getMessage()).contains("golden set golden.yaml: line 3: missing 'id'");
    assertThat(errored.getStatus().getEvaluation().getRevision()).isEqualTo(revision);
    cluster.awaitReady(AgentWorkflow.class, ns, NAME, "True", "Ready");
  }

  private static AgentWorkflow awaitEvaluated(String ns, String result, long generation) {
    return await()
        .atMost(WAIT)
        .until(
            () -> cluster.workflow(ns, NAME),
            w ->
                w.getStatus() != null
                    && w.getStatus().getEvaluation() != null
                    && result.equals(w.getStatus().getEvaluation().getResult())
                    && Long.valueOf(generation)
                        .equals(w.getStatus().getEvaluation().getGenerationEvaluated()));
  }

  private static void setContentGeneration(String ns, long generation) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              RetrievalIndex index =
                  client
                      .resources(RetrievalIndex.class)
                      .inNamespace(ns)
                      .withName("fiches-pratiques")
                      .get();
              if (Long.valueOf(generation).equals(index.getStatus().getContentGeneration())) {
                return true;
              }
              index.getStatus().setContentGeneration(generation);
              try {
                client.resource(index).updateStatus();
              } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // written again on the next try
              }
              return false;
            });
  }

  private static String revisionOf(Job job) {
    return job.getMetadata().getLabels().get(EvaluationNames.REVISION_LABEL);
  }

  private static Condition condition(String ns, ConditionType type) {
    return Conditions.find(cluster.workflow(ns, NAME).getStatus().getConditions(), type)
        .orElseThrow();
  }

  private static Deployment servingDeployment(String ns) {
    return client.apps().deployments().inNamespace(ns).withName(NAME).get();
  }

  private static Deployment evaluationRuntime(String ns) {
    return client.apps().deployments().inNamespace(ns).withName(NAME + "-evaluation").get();
  }

  private static String servingHash(String ns) {
    Map<String, String> annotations =
        servingDeployment(ns).getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations.get(AgentLabels.CONFIG_HASH_ANNOTATION);
  }
}
