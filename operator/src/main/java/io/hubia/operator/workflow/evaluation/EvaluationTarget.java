package io.hubia.operator.workflow.evaluation;

import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import java.util.List;
import java.util.Objects;

/**
 * What one evaluation evaluates: a generation of the workflow, the revision it renders to (the
 * configuration hash) and the content generation of each index it reads. A change of any of them
 * calls for a new evaluation.
 *
 * @param generation {@code metadata.generation} of the workflow
 * @param revision the full configuration hash
 * @param indexGenerations {@code name=contentGeneration} per index, in spec order
 */
public record EvaluationTarget(long generation, String revision, List<String> indexGenerations) {
  /** Length of the revision shown in status, as {@code status.activeRevision}. */
  public static final int SHORT = 12;

  public EvaluationTarget {
    indexGenerations = List.copyOf(indexGenerations);
  }

  /** The target of the workflow's latest rendered configuration. */
  public static EvaluationTarget of(AgentWorkflow workflow, RenderedConfig latest) {
    Long generation = workflow.getMetadata().getGeneration();
    List<String> indexes =
        latest.config().getIndexes().stream().map(EvaluationTarget::generationOf).toList();
    return new EvaluationTarget(generation == null ? 0 : generation, latest.hash(), indexes);
  }

  private static String generationOf(RuntimeConfig.Index index) {
    return index.getName()
        + "="
        + (index.getContentGeneration() == null ? 0 : index.getContentGeneration());
  }

  /** The revision as status shows it. */
  public String shortRevision() {
    return shortOf(revision);
  }

  /** A hash cut to the length status shows. */
  public static String shortOf(String hash) {
    return hash == null || hash.length() <= SHORT ? hash : hash.substring(0, SHORT);
  }

  /** Whether {@code status} reports a finished evaluation of exactly this target. */
  public boolean evaluatedBy(EvaluationStatus status) {
    return status != null
        && !EvaluationResult.RUNNING.equals(status.getResult())
        && status.getGenerationEvaluated() != null
        && status.getGenerationEvaluated() == generation
        && Objects.equals(status.getRevision(), shortRevision())
        && Objects.equals(status.getIndexGenerations(), indexGenerations);
  }

  /** A stable text naming the target, for Job names. */
  String key() {
    return generation + "|" + revision + "|" + String.join(",", indexGenerations);
  }
}
