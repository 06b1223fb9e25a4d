package io.hubia.operator.workflow.evaluation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.operator.workflow.desired.AgentLabels;
import java.util.Optional;

/**
 * The gate: which revision the serving Deployment runs. Without {@code evaluation.gate} it is
 * always the latest. With it, the latest revision serves once its evaluation passed, or when it
 * already serves (a content sync or a scaling change renders the same revision); until then the
 * revision the serving ConfigMap holds keeps serving, and before any revision passed nothing
 * serves. Scaling and resources are not gated: they are applied to whichever revision serves.
 */
public final class ServingRevision {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ServingRevision() {}

  /** Whether promotions of the workflow wait for a passed evaluation. */
  public static boolean gated(AgentWorkflow workflow) {
    return Evaluations.enabled(workflow)
        && Boolean.TRUE.equals(workflow.getSpec().getEvaluation().getGate());
  }

  /**
   * The configuration the serving pods get; empty when no revision may serve yet.
   *
   * @param latest the latest spec's rendered configuration
   * @param evaluation {@code status.evaluation} as this pass leaves it
   * @param serving the serving ConfigMap, when it exists
   */
  public static Optional<RenderedConfig> choose(
      AgentWorkflow workflow,
      RenderedConfig latest,
      EvaluationStatus evaluation,
      Optional<ConfigMap> serving) {
    if (!gated(workflow) || passed(evaluation, latest)) {
      return Optional.of(latest);
    }
    if (serving.isEmpty()) {
      return Optional.empty();
    }
    ConfigMap config = serving.get();
    String hash = hashOf(config);
    if (latest.hash().equals(hash)) {
      return Optional.of(latest);
    }
    String yaml = config.getData() == null ? null : config.getData().get(RuntimeConfig.FILE_NAME);
    if (hash == null || yaml == null) {
      return Optional.empty();
    }
    return Optional.of(
        new RenderedConfig(SERIALIZATION.unmarshal(yaml, RuntimeConfig.class), yaml, hash));
  }

  /** The revision a serving ConfigMap holds. */
  public static String hashOf(ConfigMap config) {
    var annotations = config.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(AgentLabels.CONFIG_HASH_ANNOTATION);
  }

  private static boolean passed(EvaluationStatus evaluation, RenderedConfig latest) {
    return evaluation != null
        && EvaluationResult.PASSED.equals(evaluation.getResult())
        && EvaluationTarget.shortOf(latest.hash()).equals(evaluation.getRevision());
  }
}
