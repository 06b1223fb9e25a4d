package io.hubia.operator.workflow;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hubia.operator.workflow.desired.AgentLabels;
import java.util.Optional;

/**
 * What a Deployment's status says about its rollout, the way kubectl rollout status reads it.
 *
 * @param desired replicas asked for
 * @param updated replicas running the current pod template
 * @param available replicas available
 * @param complete whether the controller saw the latest spec and every replica is updated and
 *     available, with no old replica left
 * @param revision the configuration hash of the pod template
 */
public record DeploymentRollout(
    int desired, int updated, int available, boolean complete, String revision) {

  /** Reads the rollout of a Deployment; a missing Deployment has rolled out nothing. */
  public static DeploymentRollout of(Optional<Deployment> maybeDeployment) {
    if (maybeDeployment.isEmpty()) {
      return new DeploymentRollout(0, 0, 0, false, null);
    }
    Deployment deployment = maybeDeployment.get();
    int desired = valueOf(deployment.getSpec().getReplicas());
    var status = deployment.getStatus();
    String revision =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations() == null
            ? null
            : deployment
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(AgentLabels.CONFIG_HASH_ANNOTATION);
    if (status == null) {
      return new DeploymentRollout(desired, 0, 0, false, revision);
    }
    long generation =
        deployment.getMetadata().getGeneration() == null
            ? 0
            : deployment.getMetadata().getGeneration();
    long observed = status.getObservedGeneration() == null ? 0 : status.getObservedGeneration();
    int updated = valueOf(status.getUpdatedReplicas());
    int available = valueOf(status.getAvailableReplicas());
    int total = valueOf(status.getReplicas());
    boolean complete =
        observed >= generation && updated == desired && available == desired && total == desired;
    return new DeploymentRollout(desired, updated, available, complete, revision);
  }

  private static int valueOf(Integer value) {
    return value == null ? 0 : value;
  }
}
