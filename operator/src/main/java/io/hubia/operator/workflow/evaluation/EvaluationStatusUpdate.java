package io.hubia.operator.workflow.evaluation;

import io.hubia.api.config.RenderedConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.AgentWorkflowStatus;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.operator.events.Reason;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import io.hubia.operator.workflow.AgentWorkflowStatusAggregator;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes what an evaluation pass found into a workflow's next status: {@code status.evaluation},
 * {@code status.candidateRevision}, the Evaluated condition, and, while no revision has passed its
 * gate, Ready and Available saying that nothing serves until one does. A pure function of its
 * inputs, like the status aggregator it completes.
 */
public final class EvaluationStatusUpdate {
  private EvaluationStatusUpdate() {}

  /**
   * @param next the status the aggregator computed, changed in place
   * @param step what the evaluation pass found
   * @param latest the latest rendered configuration
   * @param serving what the serving pods run, empty when nothing may serve yet
   */
  public static void apply(
      AgentWorkflowStatus next,
      AgentWorkflow workflow,
      Evaluations.Step step,
      RenderedConfig latest,
      Optional<RenderedConfig> serving,
      Instant now) {
    Conditions conditions =
        Conditions.from(
            AgentWorkflowStatusAggregator.previousConditions(workflow),
            AgentWorkflowStatusAggregator.generation(workflow),
            now);
    for (Condition condition : next.getConditions()) {
      if (!ConditionType.Evaluated.name().equals(condition.getType())) {
        conditions.keep(condition);
      }
    }
    next.setEvaluation(step.status());
    boolean gated = ServingRevision.gated(workflow);
    boolean candidate = gated && serving.map(s -> !s.hash().equals(latest.hash())).orElse(true);
    next.setCandidateRevision(candidate ? step.target().shortRevision() : null);
    if (step.status() == null) {
      next.setConditions(conditions.build());
      return;
    }
    setEvaluated(conditions, workflow, step, gated, candidate, next.getActiveRevision());
    if (gated && serving.isEmpty()) {
      String message =
          "No revision has passed its evaluation yet: nothing serves until revision "
              + step.target().shortRevision()
              + " does ("
              + describe(step.status())
              + ")";
      conditions
          .set(ConditionType.Ready, false, Reason.AwaitingEvaluation.name(), message)
          .set(ConditionType.Available, false, Reason.AwaitingEvaluation.name(), message);
    }
    next.setConditions(conditions.build());
  }

  private static void setEvaluated(
      Conditions conditions,
      AgentWorkflow workflow,
      Evaluations.Step step,
      boolean gated,
      boolean candidate,
      String activeRevision) {
    EvaluationStatus status = step.status();
    String revision = step.target().shortRevision();
    String subject = "Revision " + revision + " (generation " + step.target().generation() + ")";
    switch (status.getResult()) {
      case EvaluationResult.RUNNING -> {
        Optional<Condition> before =
            Conditions.find(
                AgentWorkflowStatusAggregator.previousConditions(workflow),
                ConditionType.Evaluated);
        boolean sameTarget =
            Objects.equals(status.getRevision(), revision)
                && Objects.equals(status.getGenerationEvaluated(), step.target().generation());
        if (before.isPresent() && sameTarget) {
          conditions.keep(before.get()); // a scheduled or content re-run of what was evaluated
        } else {
          conditions.unknown(
              ConditionType.Evaluated,
              Reason.EvaluationRunning.name(),
              subject + " is being evaluated by Job " + status.getJobName());
        }
      }
      case EvaluationResult.PASSED ->
          conditions.set(
              ConditionType.Evaluated,
              true,
              Reason.ThresholdsMet.name(),
              subject
                  + " met its thresholds, score "
                  + status.getScore()
                  + (gated ? ", and serves" : "")
                  + "; report in ConfigMap "
                  + status.getReport());
      case EvaluationResult.FAILED ->
          conditions.set(
              ConditionType.Evaluated,
              false,
              Reason.ThresholdsNotMet.name(),
              subject
                  + (gated && candidate
                      ? " is not promoted, "
                          + (activeRevision == null
                              ? "no revision serves"
                              : "revision " + activeRevision + " keeps serving")
                      : " did not meet its thresholds")
                  + ": "
                  + status.getMessage()
                  + "; report in ConfigMap "
                  + status.getReport());
      default ->
          conditions.set(
              ConditionType.Evaluated,
              false,
              Reason.EvaluationError.name(),
              subject
                  + " could not be evaluated"
                  + (gated && candidate ? " and is not promoted" : "")
                  + ": "
                  + status.getMessage());
    }
  }

  private static String describe(EvaluationStatus status) {
    return switch (status.getResult()) {
      case EvaluationResult.RUNNING -> "evaluation running";
      case EvaluationResult.FAILED -> "its evaluation failed: " + status.getMessage();
      case EvaluationResult.ERROR -> "its evaluation could not run: " + status.getMessage();
      default -> "evaluation " + status.getResult();
    };
  }
}
