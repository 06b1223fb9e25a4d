package io.hubia.operator.objects;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a Job's status and its pods say, the way the Job controller writes them: whether it runs,
 * succeeded or failed, when it finished, and the termination message its last pod left. Shared by
 * sync Jobs and evaluation Jobs, which both report through the termination message.
 */
public final class JobStates {
  /** Label the Job controller puts on a Job's pods (Kubernetes 1.27+), then the legacy one. */
  public static final List<String> JOB_NAME_LABELS =
      List.of("batch.kubernetes.io/job-name", "job-name");

  private JobStates() {}

  /** Whether the Job has neither completed nor failed. */
  public static boolean active(Job job) {
    return finishedAt(job).isEmpty();
  }

  /** Whether the Job completed successfully. */
  public static boolean succeeded(Job job) {
    return hasCondition(job, "Complete");
  }

  /** When the Job completed or failed; empty while it runs. */
  public static Optional<Instant> finishedAt(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if ((c.getType().equals("Complete") || c.getType().equals("Failed"))
          && "True".equals(c.getStatus())) {
        String time =
            c.getType().equals("Complete") && job.getStatus().getCompletionTime() != null
                ? job.getStatus().getCompletionTime()
                : c.getLastTransitionTime();
        return Optional.of(time == null ? Instant.EPOCH : Instant.parse(time));
      }
    }
    return Optional.empty();
  }

  /** The failure reason and message of a failed Job, e.g. its deadline exceeded. */
  public static String failureMessage(Job job) {
    if (job.getStatus() != null && job.getStatus().getConditions() != null) {
      for (JobCondition c : job.getStatus().getConditions()) {
        if (c.getType().equals("Failed") && "True".equals(c.getStatus())) {
          return c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        }
      }
    }
    return "the Job failed";
  }

  /**
   * The terminated states of {@code container} in the Job's pods, newest last; empty when the pods
   * are gone.
   */
  public static List<ContainerStateTerminated> terminations(
      KubernetesClient client, Job job, String container) {
    String namespace = job.getMetadata().getNamespace();
    List<Pod> pods = List.of();
    for (String label : JOB_NAME_LABELS) {
      pods =
          client
              .pods()
              .inNamespace(namespace)
              .withLabel(label, job.getMetadata().getName())
              .list()
              .getItems();
      if (!pods.isEmpty()) {
        break;
      }
    }
    return pods.stream()
        .map(p -> terminated(p, container))
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(t -> t.getFinishedAt() == null ? "" : t.getFinishedAt()))
        .toList();
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod, String container) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      if (status.getName().equals(container)
          && status.getState() != null
          && status.getState().getTerminated() != null) {
        return Optional.of(status.getState().getTerminated());
      }
    }
    return Optional.empty();
  }

  private static boolean hasCondition(Job job, String type) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
  }
}
