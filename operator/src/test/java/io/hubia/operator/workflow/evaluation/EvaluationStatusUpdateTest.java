package io.hubia.operator.workflow.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.AgentWorkflowStatus;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvaluationStatusUpdateTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private final AgentWorkflow workflow = ExampleResources.workflow(); // gate: true
  private final RenderedConfig latest =
      RuntimeConfigRenderer.render(
          workflow,
          ExampleResources.references().policy(),
          ExampleResources.references().indexes(),
          ExampleResources.settings().platform());
  private final EvaluationTarget target = EvaluationTarget.of(workflow, latest);

  private AgentWorkflowStatus deployed(String activeRevision) {
    AgentWorkflowStatus status = new AgentWorkflowStatus();
    status.setActiveRevision(activeRevision);
    status.setConditions(
        Conditions.from(List.of(), 1, NOW)
            .set(ConditionType.Ready, true, Reason.Ready.name(), "1/1 pods available")
            .set(ConditionType.Available, true, Reason.MinimumReplicasAvailable.name(), "1/1")
            .build());
    return status;
  }

  private EvaluationStatus finished(String result, String message) {
    EvaluationStatus status = new EvaluationStatus();
    status.setResult(result);
    status.setMessage(message);
    status.setRevision(target.shortRevision());
    status.setGenerationEvaluated(target.generation());
    status.setReport("assistant-evaluation-report");
    status.setScore(0.5);
    return status;
  }

  private static Condition condition(AgentWorkflowStatus status, ConditionType type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }

  @Test
  void aFailedCandidateSaysWhichRevisionKeepsServingAndWhy() {
    AgentWorkflowStatus next = deployed("aaaaaaaaaaaa");
    RenderedConfig previous = new RenderedConfig(latest.config(), latest.yaml(), "a".repeat(64));
    Evaluations.Step step =
        new Evaluations.Step(
            finished("Failed", "thresholds not met: golden.citation_recall 0.7 < min 0.85"),
            target,
            false,
            true,
            Optional.empty());
    EvaluationStatusUpdate.apply(next, workflow, step, latest, Optional.of(previous), NOW);

    assertThat(next.getCandidateRevision()).isEqualTo(target.shortRevision());
    Condition evaluated = condition(next, ConditionType.Evaluated);
    assertThat(evaluated.getStatus()).isEqualTo("False");
    assertThat(evaluated.getReason()).isEqualTo("ThresholdsNotMet");
    assertThat(evaluated.getMessage())
        .contains("is not promoted, revision aaaaaaaaaaaa keeps serving")
        .contains("golden.citation_recall 0.7 < min 0.85")
        .contains("assistant-evaluation-report");
    assertThat(condition(next, ConditionType.Ready).getStatus())
        .as("the previous revision serves")
        .isEqualTo("True");
  }

  @Test
  void nothingServingBeforeAPassMakesTheWorkflowNotReady() {
    AgentWorkflowStatus next = deployed(null);
    EvaluationStatus running = new EvaluationStatus();
    running.setResult("Running");
    running.setJobName("assistant-eval-1");
    Evaluations.Step step = new Evaluations.Step(running, target, true, false, Optional.empty());
    EvaluationStatusUpdate.apply(next, workflow, step, latest, Optional.empty(), NOW);

    assertThat(condition(next, ConditionType.Ready).getReason()).isEqualTo("AwaitingEvaluation");
    assertThat(condition(next, ConditionType.Available).getStatus()).isEqualTo("False");
    Condition evaluated = condition(next, ConditionType.Evaluated);
    assertThat(evaluated.getStatus()).isEqualTo("Unknown");
    assertThat(evaluated.getMessage()).contains("Job assistant-eval-1");
  }

  @Test
  void turningEvaluationOffRemovesItsStatus() {
    AgentWorkflowStatus next = deployed("aaaaaaaaaaaa");
    next.setConditions(
        Conditions.from(next.getConditions(), 1, NOW)
            .keep(next.getConditions().get(0))
            .set(ConditionType.Evaluated, true, Reason.ThresholdsMet.name(), "old")
            .build());
    next.setEvaluation(finished("Passed", null));
    Evaluations.Step off = new Evaluations.Step(null, target, false, false, Optional.empty());
    EvaluationStatusUpdate.apply(next, workflow, off, latest, Optional.of(latest), NOW);

    assertThat(next.getEvaluation()).isNull();
    assertThat(next.getCandidateRevision()).isNull();
    assertThat(Conditions.find(next.getConditions(), ConditionType.Evaluated)).isEmpty();
  }

  @Test
  void aPassedGatedRevisionServes() {
    AgentWorkflowStatus next = deployed(target.shortRevision());
    Evaluations.Step step =
        new Evaluations.Step(finished("Passed", null), target, false, true, Optional.empty());
    EvaluationStatusUpdate.apply(next, workflow, step, latest, Optional.of(latest), NOW);
    assertThat(next.getCandidateRevision()).isNull();
    assertThat(condition(next, ConditionType.Evaluated).getMessage())
        .contains("met its thresholds, score 0.5, and serves");
  }
}
