package io.hubia.operator.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;

/**
 * Plays the part of Kubernetes' Deployment controller and kubelet, which the mock API server lacks:
 * every Deployment is reported as fully rolled out shortly after each change. Tests that need a
 * stuck rollout simply do not start it.
 */
public final class DeploymentControllerSimulator implements AutoCloseable {
  private final KubernetesClient client;
  private final SharedIndexInformer<Deployment> informer;

  private DeploymentControllerSimulator(KubernetesClient client) {
    this.client = client;
    this.informer =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment deployment) {
                    rollOut(deployment);
                  }

                  @Override
                  public void onUpdate(Deployment before, Deployment after) {
                    rollOut(after);
                  }

                  @Override
                  public void onDelete(Deployment deployment, boolean unknown) {}
                });
  }

  /** Starts simulating rollouts of every Deployment in the cluster. */
  public static DeploymentControllerSimulator start(KubernetesClient client) {
    return new DeploymentControllerSimulator(client);
  }

  private void rollOut(Deployment deployment) {
    int replicas =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    Long generation = deployment.getMetadata().getGeneration();
    var status = deployment.getStatus();
    if (status != null
        && Objects.equals(status.getObservedGeneration(), generation)
        && Objects.equals(status.getAvailableReplicas(), replicas)
        && Objects.equals(status.getReplicas(), replicas)) {
      return;
    }
    deployment.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(generation)
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .build());
    try {
      client.apps().deployments().resource(deployment).updateStatus();
    } catch (KubernetesClientException e) {
      // A newer version arrived meanwhile; its own event rolls it out.
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
