package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.AgentWorkflowStatus;
import io.hubia.api.v1alpha1.status.AuditHealth;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.workflow.audit.AuditHealthStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class AgentWorkflowStatusAggregatorTest {
  private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-02-01T11:00:00Z");
  private static final String HASH =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final String NEW_HASH =
      "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
  private static final long POLICY_GENERATION = 2;

  private final AgentWorkflow workflow = ExampleResources.workflow();

  private static Condition condition(AgentWorkflowStatus status, ConditionType type) {
    return Conditions.find(status.getConditions(), type)
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static void assertCondition(
      AgentWorkflowStatus status, ConditionType type, String value, Reason reason) {
    Condition condition = condition(status, type);
    assertThat(condition.getStatus()).as("%s status", type).isEqualTo(value);
    assertThat(condition.getReason()).as("%s reason", type).isEqualTo(reason.name());
    assertThat(condition.getObservedGeneration()).isEqualTo(4L);
  }

  private static DeploymentRollout complete(String hash) {
    return new DeploymentRollout(3, 3, 3, true, hash);
  }

  /** A deployed pass whose runtime has no pod to ask about audit health. */
  private static AgentWorkflowStatus deployed(
      AgentWorkflow w, DeploymentRollout rollout, long policyGeneration, Instant now) {
    AuditHealth previous = w.getStatus() == null ? null : w.getStatus().getAudit();
    return AgentWorkflowStatusAggregator.deployed(
        w, rollout, policyGeneration, AuditHealthStatus.of(w, null, previous), now);
  }

  private AgentWorkflowStatus deployedAndReady() {
    return deployed(workflow, complete(HASH), POLICY_GENERATION, T0);
  }

  @Test
  void invalidSpecIsNotReadyWithEveryProblem() {
    AgentWorkflowStatus status =
        AgentWorkflowStatusAggregator.invalidSpec(
            workflow, List.of("spec.a is wrong", "spec.b is wrong"), T0);

    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getConditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple("Ready", "False", "InvalidSpec"), tuple("SpecValid", "False", "InvalidSpec"));
    assertThat(condition(status, ConditionType.Ready).getMessage())
        .isEqualTo("Fix the spec: spec.a is wrong; spec.b is wrong");
    assertThat(status.getEndpoint()).isNull();
    assertThat(status.getActiveRevision()).isNull();
  }

  @Test
  void aModelWithoutServerIsNotReadyWithTheSpecValidAndSaysWhatToSet() {
    AgentWorkflowStatus status =
        AgentWorkflowStatusAggregator.modelEndpointMissing(
            workflow,
            List.of("spec.model (Ollama)", "spec.fallbackModels[0] (OpenAICompatible)"),
            T0);

    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getConditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            tuple("Ready", "False", "ModelEndpointMissing"), tuple("SpecValid", "True", "Valid"));
    assertThat(condition(status, ConditionType.Ready).getMessage())
        .isEqualTo(
            "spec.model (Ollama), spec.fallbackModels[0] (OpenAICompatible) name no endpoint and"
                + " the operator has no default model server: set spec.model.endpoint"
                + " (spec.fallbackModels[i].endpoint for a fallback model) or the operator's"
                + " HUBIA_MODEL_ENDPOINT (Helm value model.endpoint)");
    assertThat(Reason.ModelEndpointMissing.isWarning()).as("a Warning Event").isTrue();
  }

  @Test
  void unresolvedIsNotReadyForTheFirstProblemWithTheSpecValid() {
    AgentWorkflowStatus status =
        AgentWorkflowStatusAggregator.unresolved(
            workflow,
            new ReferenceCheck.Unresolved(Reason.SecretNotFound, "Secret 'x' does not exist"),
            T0);

    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "SpecValid", "ReferencesResolved");
    assertCondition(status, ConditionType.Ready, "False", Reason.SecretNotFound);
    assertCondition(status, ConditionType.SpecValid, "True", Reason.Valid);
    assertCondition(status, ConditionType.ReferencesResolved, "False", Reason.SecretNotFound);
    assertThat(condition(status, ConditionType.Ready).getMessage())
        .isEqualTo("Secret 'x' does not exist");
    assertThat(condition(status, ConditionType.ReferencesResolved).getMessage())
        .isEqualTo("Secret 'x' does not exist");
  }

  @Test
  void aCompleteRolloutIsReadyWithItsRevisionAndPolicyGeneration() {
    AgentWorkflowStatus status = deployedAndReady();

    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getActiveRevision()).hasSize(12).isEqualTo(HASH.substring(0, 12));
    assertThat(status.getPolicyGeneration()).isEqualTo(POLICY_GENERATION);
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    assertThat(status.getEndpoint())
        .isEqualTo("http://assistant.team-a.svc:8080/v1/agents/assistant/ask");
    assertThat(status.getConditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "SpecValid", "ReferencesResolved", "Available", "AuditHealthy");
    assertCondition(status, ConditionType.Ready, "True", Reason.Ready);
    assertCondition(status, ConditionType.SpecValid, "True", Reason.Valid);
    assertCondition(status, ConditionType.ReferencesResolved, "True", Reason.Resolved);
    assertCondition(status, ConditionType.Available, "True", Reason.MinimumReplicasAvailable);
    assertThat(condition(status, ConditionType.Ready).getMessage())
        .isEqualTo("3/3 pods available, revision " + HASH.substring(0, 12));
    assertThat(condition(status, ConditionType.Ready).getLastTransitionTime())
        .isEqualTo(T0.toString());
  }

  @Test
  void aRolloutInProgressKeepsThePreviousRevisionServing() {
    workflow.setStatus(deployedAndReady());
    workflow.getMetadata().setGeneration(5L);

    AgentWorkflowStatus status =
        deployed(workflow, new DeploymentRollout(3, 1, 3, false, NEW_HASH), 3, T1);

    assertThat(status.getActiveRevision()).isEqualTo(HASH.substring(0, 12));
    assertThat(status.getPolicyGeneration()).isEqualTo(POLICY_GENERATION);
    assertThat(status.getObservedGeneration()).isEqualTo(5L);
    Condition ready = condition(status, ConditionType.Ready);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(Reason.RolloutInProgress.name());
    assertThat(ready.getMessage())
        .isEqualTo("Rolling out revision " + NEW_HASH.substring(0, 12) + ": 3/3 pods available");
    assertThat(ready.getLastTransitionTime()).isEqualTo(T1.toString());
    Condition available = condition(status, ConditionType.Available);
    assertThat(available.getStatus()).isEqualTo("True");
    assertThat(available.getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void aFirstRolloutWithNoPodAvailableIsUnavailable() {
    AgentWorkflowStatus status =
        deployed(workflow, new DeploymentRollout(3, 0, 0, false, HASH), POLICY_GENERATION, T0);

    assertCondition(status, ConditionType.Ready, "False", Reason.RolloutInProgress);
    assertCondition(status, ConditionType.Available, "False", Reason.DeploymentUnavailable);
    assertThat(status.getActiveRevision()).isNull();
    assertThat(status.getPolicyGeneration()).isNull();
    assertThat(status.getReadyReplicas()).isZero();
  }

  @Test
  void zeroReplicasIsScaledToZero() {
    workflow.setStatus(deployedAndReady());

    AgentWorkflowStatus status =
        deployed(workflow, new DeploymentRollout(0, 0, 0, true, HASH), POLICY_GENERATION, T1);

    assertCondition(status, ConditionType.Ready, "False", Reason.ScaledToZero);
    assertCondition(status, ConditionType.Available, "False", Reason.ScaledToZero);
    assertThat(condition(status, ConditionType.Ready).getMessage())
        .isEqualTo("spec.replicas is 0: no pod serves the agent");
    assertThat(status.getReadyReplicas()).isZero();
  }

  @Test
  void anErrorKeepsTheOtherConditionsAndTheRevision() {
    AgentWorkflowStatus before = deployedAndReady();
    workflow.setStatus(before);

    AgentWorkflowStatus status =
        AgentWorkflowStatusAggregator.error(workflow, new IllegalStateException("boom"), T1);

    Condition ready = condition(status, ConditionType.Ready);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(Reason.ReconcileError.name());
    assertThat(ready.getMessage()).isEqualTo("Reconciliation failed and will be retried: boom");
    assertThat(ready.getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(status.getConditions().subList(1, status.getConditions().size()))
        .isEqualTo(before.getConditions().subList(1, before.getConditions().size()));
    assertThat(status.getActiveRevision()).isEqualTo(before.getActiveRevision());
    assertThat(status.getEndpoint()).isEqualTo(before.getEndpoint());
    assertThat(status.getPolicyGeneration()).isEqualTo(before.getPolicyGeneration());
  }

  @Test
  void anErrorBeforeAnyStatusIsJustNotReady() {
    AgentWorkflowStatus status =
        AgentWorkflowStatusAggregator.error(workflow, new RuntimeException("timeout"), T0);

    assertThat(status.getConditions())
        .extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(tuple("Ready", "False", "ReconcileError"));
  }

  @Test
  void evaluationIsCarriedOverAndAuditKeptWhereItIsNotComputed() {
    AgentWorkflowStatus previous = deployedAndReady();
    EvaluationStatus evaluation = new EvaluationStatus();
    evaluation.setResult("Passed");
    evaluation.setScore(0.93);
    evaluation.setGenerationEvaluated(4L);
    evaluation.getIndexGenerations().add("guides=7");
    AuditHealth audit = new AuditHealth();
    audit.setState("Healthy");
    audit.setEventsWritten(1200L);
    audit.setChainVerified(true);
    previous.setEvaluation(evaluation);
    previous.setAudit(audit);
    workflow.setStatus(previous);

    for (AgentWorkflowStatus status :
        List.of(
            AgentWorkflowStatusAggregator.invalidSpec(workflow, List.of("spec.x"), T1),
            AgentWorkflowStatusAggregator.unresolved(
                workflow, new ReferenceCheck.Unresolved(Reason.SecretNotFound, "m"), T1),
            AgentWorkflowStatusAggregator.error(workflow, new RuntimeException("x"), T1))) {
      assertThat(status.getEvaluation()).isEqualTo(evaluation).isNotSameAs(evaluation);
      assertThat(status.getAudit()).isEqualTo(audit).isNotSameAs(audit);
    }
    // deployed, without a pod to ask: the figures stay, the state is unknown
    AgentWorkflowStatus deployed = deployed(workflow, complete(NEW_HASH), POLICY_GENERATION, T1);
    assertThat(deployed.getEvaluation()).isEqualTo(evaluation);
    assertThat(deployed.getAudit().getEventsWritten()).isEqualTo(1200L);
    assertThat(deployed.getAudit().getChainVerified()).isTrue();
    assertThat(deployed.getAudit().getState()).isEqualTo("Unknown");
    assertCondition(deployed, ConditionType.AuditHealthy, "Unknown", Reason.NoRuntimeAvailable);
  }

  @Test
  void conditionsOfOtherWritersSurviveEveryPass() {
    AgentWorkflowStatus ready = deployedAndReady();
    Condition evaluated = new Condition();
    evaluated.setType("Evaluated");
    evaluated.setStatus("False");
    evaluated.setReason("ThresholdFailed");
    evaluated.setMessage("golden.citationPrecision 0.71 < 0.80");
    evaluated.setLastTransitionTime(T0.toString());
    evaluated.setObservedGeneration(3L);
    ready.getConditions().add(evaluated);
    workflow.setStatus(ready);

    List<AgentWorkflowStatus> passes =
        List.of(
            AgentWorkflowStatusAggregator.invalidSpec(workflow, List.of("spec.x is wrong"), T1),
            AgentWorkflowStatusAggregator.unresolved(
                workflow, new ReferenceCheck.Unresolved(Reason.SecretNotFound, "missing"), T1),
            deployed(workflow, complete(HASH), POLICY_GENERATION, T1),
            AgentWorkflowStatusAggregator.error(workflow, new RuntimeException("boom"), T1));
    for (AgentWorkflowStatus status : passes) {
      assertThat(status.getConditions().get(0).getType()).isEqualTo("Ready");
      assertThat(status.getConditions()).contains(evaluated);
    }
  }

  @Test
  void theSameInputsTwiceGiveEqualStatuses() {
    assertThat(deployedAndReady()).isEqualTo(deployedAndReady());
  }

  @Test
  void recomputingFromItsOwnResultLaterChangesNothingSoNoStatusIsWritten() {
    List<BiFunction<AgentWorkflow, Instant, AgentWorkflowStatus>> passes =
        List.of(
            (w, now) -> AgentWorkflowStatusAggregator.invalidSpec(w, List.of("spec.x"), now),
            (w, now) ->
                AgentWorkflowStatusAggregator.unresolved(
                    w, new ReferenceCheck.Unresolved(Reason.PolicySetNotReady, "not ready"), now),
            (w, now) -> deployed(w, complete(HASH), POLICY_GENERATION, now),
            (w, now) ->
                deployed(
                    w, new DeploymentRollout(3, 1, 1, false, NEW_HASH), POLICY_GENERATION, now),
            (w, now) ->
                deployed(w, new DeploymentRollout(0, 0, 0, true, HASH), POLICY_GENERATION, now),
            (w, now) -> AgentWorkflowStatusAggregator.error(w, new RuntimeException("boom"), now));
    for (BiFunction<AgentWorkflow, Instant, AgentWorkflowStatus> pass : passes) {
      AgentWorkflow first = ExampleResources.workflow();
      first.setStatus(deployedAndReady());
      AgentWorkflowStatus written = pass.apply(first, T1);

      AgentWorkflow observed = ExampleResources.workflow();
      // as read back from the API server
      observed.setStatus(new KubernetesSerialization().clone(written));
      AgentWorkflowStatus again = pass.apply(observed, T1.plusSeconds(600));

      assertThat(again).isEqualTo(written);
    }
  }
}
