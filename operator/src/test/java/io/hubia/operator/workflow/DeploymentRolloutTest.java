package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.workflow.desired.AgentLabels;
import io.hubia.operator.workflow.desired.DesiredDeployment;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentRolloutTest {
  private final AgentWorkflow workflow = ExampleResources.workflow();
  private final RenderedConfig rendered =
      RuntimeConfigRenderer.render(
          workflow,
          ExampleResources.references().policy(),
          ExampleResources.references().indexes(),
          ExampleResources.settings().platform());

  /** The desired Deployment (3 replicas) as the API server returns it at generation 2. */
  private Deployment deployment() {
    Deployment deployment = DesiredDeployment.of(workflow, rendered, ExampleResources.settings());
    deployment.getMetadata().setGeneration(2L);
    return deployment;
  }

  private Deployment withStatus(long observedGeneration, int replicas, int updated, int available) {
    Deployment deployment = deployment();
    deployment.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(observedGeneration)
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(available)
            .withReadyReplicas(available)
            .build());
    return deployment;
  }

  @Test
  void aMissingDeploymentHasRolledOutNothing() {
    assertThat(DeploymentRollout.of(Optional.empty()))
        .isEqualTo(new DeploymentRollout(0, 0, 0, false, null));
  }

  @Test
  void aDeploymentWithoutStatusIsNotRolledOutYet() {
    assertThat(DeploymentRollout.of(Optional.of(deployment())))
        .isEqualTo(new DeploymentRollout(3, 0, 0, false, rendered.hash()));
  }

  @Test
  void everyReplicaUpdatedAndAvailableForTheLatestGenerationIsComplete() {
    assertThat(DeploymentRollout.of(Optional.of(withStatus(2, 3, 3, 3))))
        .isEqualTo(new DeploymentRollout(3, 3, 3, true, rendered.hash()));
  }

  @ParameterizedTest(name = "observed {0}, replicas {1}, updated {2}, available {3}")
  @CsvSource({
    "1, 3, 3, 3", // the controller has not seen the latest spec yet
    "2, 4, 3, 3", // an old replica is still terminating
    "2, 3, 2, 3", // one replica still runs the previous template
    "2, 3, 3, 2", // one updated replica is not available yet
  })
  void anythingLessIsInProgress(long observed, int replicas, int updated, int available) {
    DeploymentRollout rollout =
        DeploymentRollout.of(Optional.of(withStatus(observed, replicas, updated, available)));

    assertThat(rollout.complete()).isFalse();
    assertThat(rollout.desired()).isEqualTo(3);
    assertThat(rollout.updated()).isEqualTo(updated);
    assertThat(rollout.available()).isEqualTo(available);
  }

  @Test
  void revisionIsTheConfigHashOfThePodTemplate() {
    Deployment deployment = withStatus(2, 3, 3, 3);
    deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .put(AgentLabels.CONFIG_HASH_ANNOTATION, "feedface");

    assertThat(DeploymentRollout.of(Optional.of(deployment)).revision()).isEqualTo("feedface");
  }

  @Test
  void aTemplateWithoutAnnotationsHasNoRevision() {
    Deployment deployment = withStatus(2, 3, 3, 3);
    deployment.getSpec().getTemplate().getMetadata().setAnnotations(null);

    assertThat(DeploymentRollout.of(Optional.of(deployment)).revision()).isNull();
  }

  @Test
  void missingStatusCountsReadAsZero() {
    Deployment deployment = deployment();
    deployment.setStatus(new DeploymentStatusBuilder().build());

    assertThat(DeploymentRollout.of(Optional.of(deployment)))
        .isEqualTo(new DeploymentRollout(3, 0, 0, false, rendered.hash()));
  }
}
