package io.hubia.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.status.AgentWorkflowStatus;
import io.hubia.api.v1alpha1.status.AuditHealth;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.api.v1alpha1.status.PolicySetStatus;
import io.hubia.api.v1alpha1.status.RetrievalIndexStatus;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.workflow.AgentWorkflowStatusAggregator;
import io.hubia.operator.workflow.DeploymentRollout;
import io.hubia.operator.workflow.ReferenceCheck;
import io.hubia.operator.workflow.audit.AuditHealthReader;
import io.hubia.operator.workflow.audit.AuditHealthStatus;
import io.hubia.operator.workflow.evaluation.EvaluationResult;
import io.hubia.operator.workflow.evaluation.EvaluationStatusUpdate;
import io.hubia.operator.workflow.evaluation.EvaluationTarget;
import io.hubia.operator.workflow.evaluation.Evaluations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the Argo CD health checks of {@code helm/hubia/argocd/health} in a Lua interpreter against
 * statuses the operator's own status code computes, the resource passed as {@code obj} the way Argo
 * CD passes it: the JSON of the resource turned into Lua tables.
 */
class ArgoCdHealthChecksTest {
  private static final Path HEALTH = Path.of("..", "helm", "hubia", "argocd", "health");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final String HASH = "b".repeat(64);
  private static final String SERVING_HASH = "a".repeat(64);

  /** What a health check returned. */
  record Health(String status, String message) {}

  static Health health(HasMetadata resource) {
    String script = "hubia.io_" + resource.getKind() + ".lua";
    try {
      Globals globals = JsePlatform.standardGlobals();
      globals.set("obj", toLua(JSON.readTree(SERIALIZATION.asJson(resource))));
      LuaValue hs = globals.load(Files.readString(HEALTH.resolve(script)), script).call();
      assertThat(hs.istable()).as("%s returns a table", script).isTrue();
      LuaValue message = hs.get("message");
      return new Health(hs.get("status").tojstring(), message.isnil() ? null : message.tojstring());
    } catch (IOException e) {
      throw new AssertionError("cannot read " + script, e);
    }
  }

  /** JSON to Lua values, as Argo CD hands a resource to its health scripts. */
  private static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    if (node.isNull()) {
      return LuaValue.NIL;
    }
    return LuaValue.valueOf(node.asText());
  }

  private static void assertHealth(HasMetadata resource, String status, String... inMessage) {
    Health health = health(resource);
    assertThat(health.status()).as("health of %s", health).isEqualTo(status);
    assertThat(health.message()).as("message").isNotBlank().contains(inMessage);
  }

  @Nested
  class AgentWorkflows {
    private final AgentWorkflow workflow = ExampleResources.workflow(); // generation 4, gated
    private final RenderedConfig latest =
        RuntimeConfigRenderer.render(
            workflow,
            ExampleResources.references().policy(),
            ExampleResources.references().indexes(),
            ExampleResources.settings().platform());
    private final EvaluationTarget target = EvaluationTarget.of(workflow, latest);

    private AgentWorkflow with(AgentWorkflowStatus status) {
      AgentWorkflow resource = ExampleResources.workflow();
      resource.setStatus(status);
      return resource;
    }

    private AgentWorkflowStatus deployed(
        DeploymentRollout rollout, AuditHealthStatus.Result audit) {
      return AgentWorkflowStatusAggregator.deployed(workflow, rollout, 2, audit, NOW);
    }

    private AgentWorkflowStatus deployed(DeploymentRollout rollout) {
      return deployed(rollout, AuditHealthStatus.of(workflow, null, null));
    }

    private AgentWorkflowStatus serving(String hash) {
      return deployed(new DeploymentRollout(3, 3, 3, true, hash));
    }

    private AgentWorkflowStatus evaluated(
        AgentWorkflowStatus next, EvaluationStatus evaluation, Optional<RenderedConfig> serving) {
      boolean running = EvaluationResult.RUNNING.equals(evaluation.getResult());
      EvaluationStatusUpdate.apply(
          next,
          workflow,
          new Evaluations.Step(evaluation, target, running, !running, Optional.empty()),
          latest,
          serving,
          NOW);
      return next;
    }

    private EvaluationStatus evaluation(String result, String message) {
      EvaluationStatus status = new EvaluationStatus();
      status.setResult(result);
      status.setMessage(message);
      status.setJobName("assistant-eval-1");
      status.setRevision(target.shortRevision());
      status.setGenerationEvaluated(target.generation());
      status.setReport("assistant-evaluation-report");
      status.setScore(0.5);
      return status;
    }

    private RenderedConfig servingConfig() {
      return new RenderedConfig(latest.config(), latest.yaml(), SERVING_HASH);
    }

    @Test
    void withoutStatusItIsProgressing() {
      assertHealth(with(null), "Progressing", "Waiting for the operator");
    }

    @Test
    void aStatusOfAnOlderGenerationIsProgressing() {
      AgentWorkflow resource = with(serving(HASH));
      resource.getMetadata().setGeneration(5L);
      assertHealth(resource, "Progressing", "generation 5", "generation 4");
    }

    @Test
    void readyAtItsGenerationIsHealthy() {
      assertHealth(with(serving(HASH)), "Healthy", "3/3 pods available", HASH.substring(0, 12));
    }

    @Test
    void aRolloutIsProgressing() {
      assertHealth(
          with(deployed(new DeploymentRollout(3, 1, 3, false, HASH))),
          "Progressing",
          "Rolling out revision " + HASH.substring(0, 12));
    }

    @Test
    void aFirstRolloutWithNoPodAvailableYetIsProgressing() {
      AgentWorkflowStatus status = deployed(new DeploymentRollout(3, 0, 0, false, HASH));
      assertThat(Conditions.find(status.getConditions(), ConditionType.Available).get().getReason())
          .isEqualTo(Reason.DeploymentUnavailable.name());
      assertHealth(with(status), "Progressing", "0/3 pods available");
    }

    @Test
    void scaledToZeroIsSuspended() {
      assertHealth(
          with(deployed(new DeploymentRollout(0, 0, 0, true, HASH))),
          "Suspended",
          "spec.replicas is 0");
    }

    @Test
    void readyUnknownIsProgressing() {
      AgentWorkflowStatus status = new AgentWorkflowStatus();
      status.setObservedGeneration(4L);
      status.setConditions(
          Conditions.from(List.of(), 4, NOW)
              .unknown(ConditionType.Ready, "Reconciling", "The operator is reconciling")
              .build());
      assertHealth(with(status), "Progressing", "The operator is reconciling");
    }

    @Test
    void anInvalidSpecIsDegraded() {
      assertHealth(
          with(
              AgentWorkflowStatusAggregator.invalidSpec(
                  workflow, List.of("spec.model.name is empty"), NOW)),
          "Degraded",
          "InvalidSpec",
          "spec.model.name is empty");
    }

    @ParameterizedTest
    @EnumSource(
        value = Reason.class,
        names = {
          "PolicySetNotFound",
          "RetrievalIndexNotFound",
          "SecretNotFound",
          "SecretKeyNotFound"
        })
    void aMissingReferenceIsDegraded(Reason reason) {
      assertHealth(
          with(
              AgentWorkflowStatusAggregator.unresolved(
                  workflow, new ReferenceCheck.Unresolved(reason, "'x' is missing"), NOW)),
          "Degraded",
          reason.name(),
          "'x' is missing");
    }

    @ParameterizedTest
    @EnumSource(
        value = Reason.class,
        names = {"PolicySetNotReady", "RetrievalIndexNotReady"})
    void aReferenceThatIsNotReadyYetIsProgressing(Reason reason) {
      assertHealth(
          with(
              AgentWorkflowStatusAggregator.unresolved(
                  workflow,
                  new ReferenceCheck.Unresolved(reason, "RetrievalIndex 'guides' is not ready"),
                  NOW)),
          "Progressing",
          "is not ready");
    }

    @Test
    void aReconcileErrorIsDegraded() {
      AgentWorkflow previous = with(serving(HASH));
      assertHealth(
          with(
              AgentWorkflowStatusAggregator.error(
                  previous, new IllegalStateException("API server timeout"), NOW)),
          "Degraded",
          "ReconcileError",
          "API server timeout");
    }

    @Test
    void aDeploymentUnavailableReasonOnReadyIsDegraded() {
      AgentWorkflowStatus status = serving(HASH);
      status.setConditions(
          Conditions.from(status.getConditions(), 4, NOW)
              .set(
                  ConditionType.Ready,
                  false,
                  Reason.DeploymentUnavailable.name(),
                  "0/3 pods available")
              .build());
      assertHealth(with(status), "Degraded", "DeploymentUnavailable", "0/3 pods available");
    }

    @Test
    void theFirstEvaluationOfAGatedWorkflowIsProgressing() {
      AgentWorkflowStatus status =
          evaluated(
              deployed(new DeploymentRollout(3, 0, 0, false, HASH)),
              evaluation(EvaluationResult.RUNNING, null),
              Optional.empty());
      assertThat(Conditions.find(status.getConditions(), ConditionType.Ready).get().getReason())
          .isEqualTo(Reason.AwaitingEvaluation.name());
      assertHealth(with(status), "Progressing", "No revision has passed its evaluation yet");
    }

    @Test
    void anEvaluationRunningWhileTheWorkflowServesIsProgressing() {
      AgentWorkflowStatus status =
          evaluated(
              serving(SERVING_HASH),
              evaluation(EvaluationResult.RUNNING, null),
              Optional.of(servingConfig()));
      assertThat(Conditions.find(status.getConditions(), ConditionType.Ready).get().getStatus())
          .isEqualTo("True");
      assertHealth(with(status), "Progressing", "is being evaluated by Job assistant-eval-1");
    }

    @Test
    void aRunningEvaluationResultAloneIsProgressing() {
      AgentWorkflowStatus status = serving(HASH);
      status.setEvaluation(evaluation(EvaluationResult.RUNNING, null));
      assertHealth(with(status), "Progressing", "assistant-eval-1");
    }

    @Test
    void aFailedGateWhileThePreviousRevisionServesIsDegradedAndSaysWhatServes() {
      AgentWorkflowStatus status =
          evaluated(
              serving(SERVING_HASH),
              evaluation(EvaluationResult.FAILED, "golden.citation_recall 0.7 < min 0.85"),
              Optional.of(servingConfig()));
      assertThat(status.getCandidateRevision()).isEqualTo(target.shortRevision());
      assertHealth(
          with(status),
          "Degraded",
          "Candidate revision " + target.shortRevision() + " not promoted (ThresholdsNotMet)",
          "revision aaaaaaaaaaaa keeps serving",
          "golden.citation_recall 0.7 < min 0.85",
          "report in ConfigMap assistant-evaluation-report");
    }

    @Test
    void aFailedGateWithNothingServingIsDegraded() {
      AgentWorkflowStatus status =
          evaluated(
              deployed(new DeploymentRollout(3, 0, 0, false, HASH)),
              evaluation(EvaluationResult.FAILED, "golden.citation_recall 0.7 < min 0.85"),
              Optional.empty());
      Health health = health(with(status));
      assertThat(health.status()).isEqualTo("Degraded");
      assertThat(health.message())
          .contains("not promoted (ThresholdsNotMet)", "no revision serves")
          .doesNotContain("keeps serving");
    }

    @Test
    void anEvaluationThatCouldNotRunIsDegraded() {
      assertHealth(
          with(
              evaluated(
                  serving(SERVING_HASH),
                  evaluation(EvaluationResult.ERROR, "the evaluation Job failed: OOMKilled"),
                  Optional.of(servingConfig()))),
          "Degraded",
          "Candidate revision " + target.shortRevision() + " not promoted (EvaluationError)",
          "revision aaaaaaaaaaaa keeps serving",
          "OOMKilled");
    }

    @Test
    void aFailedEvaluationWithoutAGateIsDegraded() {
      AgentWorkflow ungated = ExampleResources.workflow();
      ungated.getSpec().getEvaluation().setGate(false);
      AgentWorkflowStatus next =
          AgentWorkflowStatusAggregator.deployed(
              ungated,
              new DeploymentRollout(3, 3, 3, true, latest.hash()),
              2,
              AuditHealthStatus.of(ungated, null, null),
              NOW);
      EvaluationStatusUpdate.apply(
          next,
          ungated,
          new Evaluations.Step(
              evaluation(EvaluationResult.FAILED, "golden.answer_score 0.4 < min 0.6"),
              target,
              false,
              true,
              Optional.empty()),
          latest,
          Optional.of(latest),
          NOW);
      assertThat(next.getCandidateRevision()).isNull();
      assertHealth(
          with(next),
          "Degraded",
          "ThresholdsNotMet",
          "did not meet its thresholds",
          "golden.answer_score 0.4 < min 0.6");
    }

    @Test
    void aPassedEvaluationIsHealthy() {
      AgentWorkflowStatus status =
          evaluated(
              serving(latest.hash()),
              evaluation(EvaluationResult.PASSED, null),
              Optional.of(latest));
      assertThat(status.getCandidateRevision()).isNull();
      assertHealth(with(status), "Healthy", "3/3 pods available");
    }

    @Test
    void anAuditTrailThatCannotBeReadIsDegraded() {
      AgentWorkflowStatus status =
          deployed(
              new DeploymentRollout(3, 3, 3, true, HASH),
              AuditHealthStatus.of(
                  workflow, new AuditHealthReader.Unreachable("connection refused"), null));
      assertHealth(with(status), "Degraded", "Audit AuditUnreachable", "connection refused");
    }

    @ParameterizedTest
    @EnumSource(
        value = Reason.class,
        names = {"ChainBroken", "AuditWriteFailures"})
    void anUnhealthyAuditTrailIsDegraded(Reason reason) {
      AuditHealth audit = new AuditHealth();
      audit.setState(AuditHealthStatus.DEGRADED);
      AgentWorkflowStatus status =
          deployed(
              new DeploymentRollout(3, 3, 3, true, HASH),
              new AuditHealthStatus.Result(audit, "False", reason, "the audit store says no"));
      assertHealth(with(status), "Degraded", "Audit " + reason.name(), "the audit store says no");
    }

    @Test
    void noRuntimeToAskAboutAuditIsNotDegraded() {
      AgentWorkflowStatus status = serving(HASH);
      assertThat(
              Conditions.find(status.getConditions(), ConditionType.AuditHealthy).get().getStatus())
          .isEqualTo("Unknown");
      assertThat(health(with(status)).status()).isEqualTo("Healthy");
    }
  }

  @Nested
  class RetrievalIndexes {
    private RetrievalIndex with(RetrievalIndexStatus status) {
      RetrievalIndex index = ExampleResources.index("guides"); // generation 3
      index.setStatus(status);
      return index;
    }

    private RetrievalIndexStatus status(Conditions conditions) {
      RetrievalIndexStatus status = new RetrievalIndexStatus();
      status.setObservedGeneration(3L);
      status.setConditions(conditions.build());
      return status;
    }

    private Conditions conditions() {
      return Conditions.from(List.of(), 3, NOW);
    }

    @Test
    void withoutStatusItIsProgressing() {
      assertHealth(with(null), "Progressing", "Waiting for the operator");
    }

    @Test
    void aStatusOfAnOlderGenerationIsProgressing() {
      RetrievalIndexStatus status =
          status(conditions().set(ConditionType.Ready, true, "Ready", "120 documents"));
      status.setObservedGeneration(2L);
      assertHealth(with(status), "Progressing", "generation 3");
    }

    @Test
    void syncedAndReadyIsHealthy() {
      assertHealth(
          with(
              status(
                  conditions()
                      .set(
                          ConditionType.Ready,
                          true,
                          Reason.Ready.name(),
                          "120 documents, 860 chunks in hubia.team-a.guides.v1")
                      .set(ConditionType.Synced, true, Reason.Synced.name(), "Job guides-1 done"))),
          "Healthy",
          "120 documents, 860 chunks");
    }

    @Test
    void theFirstSyncRunningIsProgressing() {
      assertHealth(
          with(
              status(
                  conditions()
                      .set(
                          ConditionType.Ready,
                          false,
                          Reason.NotSynced.name(),
                          "The first sync is running: the index holds no content yet")
                      .set(
                          ConditionType.Synced,
                          false,
                          Reason.SyncRunning.name(),
                          "The first sync Job is running"))),
          "Progressing",
          "The first sync is running");
    }

    @Test
    void readyUnknownIsProgressing() {
      assertHealth(
          with(status(conditions().unknown(ConditionType.Ready, "Reconciling", "Checking"))),
          "Progressing",
          "Checking");
    }

    @ParameterizedTest
    @EnumSource(
        value = Reason.class,
        names = {
          "InvalidSpec",
          "SyncFailed",
          "SyncOutcomeMissing",
          "OpenSearchUnreachable",
          "OpenSearchConnectionInvalid",
          "ReconcileError"
        })
    void readyFalseForAReasonThatNeedsSomeoneIsDegraded(Reason reason) {
      assertHealth(
          with(status(conditions().set(ConditionType.Ready, false, reason.name(), "it broke"))),
          "Degraded",
          reason.name() + ": it broke");
    }

    @ParameterizedTest
    @EnumSource(
        value = Reason.class,
        names = {"SyncFailed", "SyncOutcomeMissing"})
    void aFailedSyncWhileEarlierContentServesIsDegraded(Reason reason) {
      assertHealth(
          with(
              status(
                  conditions()
                      .set(
                          ConditionType.Ready,
                          true,
                          Reason.Ready.name(),
                          "120 documents, 860 chunks in hubia.team-a.guides.v1 (the last sync"
                              + " failed: see Synced)")
                      .set(
                          ConditionType.Synced,
                          false,
                          reason.name(),
                          "Job guides-2 failed: source unreachable"))),
          "Degraded",
          "Serving earlier content, the last sync failed (" + reason.name() + ")",
          "Job guides-2 failed: source unreachable");
    }
  }

  @Nested
  class PolicySets {
    private PolicySet with(PolicySetStatus status) {
      PolicySet policy = ExampleResources.policy(); // generation 2
      policy.setStatus(status);
      return policy;
    }

    private PolicySetStatus status(Conditions conditions) {
      PolicySetStatus status = new PolicySetStatus();
      status.setObservedGeneration(2L);
      status.setConditions(conditions.build());
      return status;
    }

    @Test
    void withoutStatusItIsProgressing() {
      assertHealth(with(null), "Progressing", "Waiting for the operator");
    }

    @Test
    void aStatusOfAnOlderGenerationIsProgressing() {
      PolicySet policy = ExampleResources.policy();
      policy.getMetadata().setGeneration(3L);
      assertHealth(policy, "Progressing", "generation 3");
    }

    @Test
    void readyIsHealthyAndSaysWhatItGoverns() {
      PolicySet policy = ExampleResources.policy();
      policy.getStatus().setWorkflowCount(2);
      assertHealth(policy, "Healthy", "Valid and enforced", "governs 2 AgentWorkflow(s)");
    }

    @Test
    void anInvalidSpecIsDegraded() {
      assertHealth(
          with(
              status(
                  Conditions.from(List.of(), 2, NOW)
                      .set(
                          ConditionType.Ready,
                          false,
                          Reason.InvalidSpec.name(),
                          "Fix the spec: limits.requestsPerMinute must be positive"))),
          "Degraded",
          "InvalidSpec",
          "requestsPerMinute must be positive");
    }

    @Test
    void readyUnknownIsProgressing() {
      assertHealth(
          with(
              status(
                  Conditions.from(List.of(), 2, NOW)
                      .unknown(ConditionType.Ready, "Reconciling", "Checking"))),
          "Progressing",
          "Checking");
    }
  }
}
