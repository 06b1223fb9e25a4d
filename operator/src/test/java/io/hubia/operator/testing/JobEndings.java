package io.hubia.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;

/**
 * Ends a Job the way the kubelet and the Job controller would, which the mock API server does not:
 * records a Pod whose terminated container carries the exit code and the termination message, then
 * marks the Job Complete (exit 0) or Failed. Shared by the simulators of sync and evaluation Jobs.
 */
final class JobEndings {
  private JobEndings() {}

  /**
   * @param failureReason the Failed condition's reason, e.g. {@code BackoffLimitExceeded}
   */
  static void end(
      KubernetesClient client, Job job, int exit, String message, String failureReason) {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    String now = Instant.now().toString();
    String container = job.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name + "-" + Long.toString(System.nanoTime() % 100000, 36))
            .withNamespace(namespace)
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .addToLabels("batch.kubernetes.io/job-name", name)
            .addToLabels("job-name", name)
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .withNewStatus()
            .withPhase(exit == 0 ? "Succeeded" : "Failed")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(container)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(exit)
                    .withMessage(message)
                    .withFinishedAt(now)
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus()
            .build();
    client.resource(pod).create();
    Job current = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    if (current == null) {
      return;
    }
    current.setStatus(
        new JobStatusBuilder()
            .withSucceeded(exit == 0 ? 1 : 0)
            .withFailed(exit == 0 ? 0 : 1)
            .withCompletionTime(exit == 0 ? now : null)
            .withConditions(
                new JobConditionBuilder()
                    .withType(exit == 0 ? "Complete" : "Failed")
                    .withStatus("True")
                    .withReason(exit == 0 ? null : failureReason)
                    .withMessage(
                        exit == 0 ? null : "container " + container + " exited with " + exit)
                    .withLastTransitionTime(now)
                    .build())
            .build());
    client.resource(current).updateStatus();
  }
}
