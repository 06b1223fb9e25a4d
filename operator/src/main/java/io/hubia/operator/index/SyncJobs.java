package io.hubia.operator.index;

import static io.hubia.api.sync.IngestionJobContract.LABEL_MODE;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hubia.api.sync.SyncOutcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the state of sync Jobs and the {@link SyncOutcome} their pods leave behind. */
final class SyncJobs {
  /** Label the Job controller puts on a Job's pods (Kubernetes 1.27+), then the legacy one. */
  static final List<String> JOB_NAME_LABELS = List.of("batch.kubernetes.io/job-name", "job-name");

  private static final Logger LOG = LoggerFactory.getLogger(SyncJobs.class);

  private SyncJobs() {}

  /** Whether the Job has neither completed nor failed. */
  static boolean active(Job job) {
    return finishedAt(job).isEmpty();
  }

  /** Whether the Job completed successfully. */
  static boolean succeeded(Job job) {
    return hasCondition(job, "Complete");
  }

  /** When the Job completed or failed; empty while it runs. */
  static Optional<Instant> finishedAt(Job job) {
    if (job.getStatus() == null) {
      return Optional.empty();
    }
    if (job.getStatus().getConditions() != null) {
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
    }
    return Optional.empty();
  }

  /** The mode the Job runs in, from its label. */
  static SyncOutcome.Mode mode(Job job) {
    String mode =
        job.getMetadata().getLabels() == null
            ? null
            : job.getMetadata().getLabels().get(LABEL_MODE);
    return SyncOutcome.Mode.FullRebuild.name().equals(mode)
        ? SyncOutcome.Mode.FullRebuild
        : SyncOutcome.Mode.Incremental;
  }

  /** The failure message of a failed Job, e.g. its deadline exceeded. */
  static String failureMessage(Job job) {
    if (job.getStatus() != null && job.getStatus().getConditions() != null) {
      for (JobCondition c : job.getStatus().getConditions()) {
        if (c.getType().equals("Failed") && "True".equals(c.getStatus())) {
          return c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        }
      }
    }
    return "the Job failed";
  }

  /** The finished Jobs, oldest first. */
  static List<Job> finished(List<Job> jobs) {
    return jobs.stream()
        .filter(j -> finishedAt(j).isPresent())
        .sorted(
            Comparator.comparing((Job j) -> finishedAt(j).orElseThrow())
                .thenComparing(j -> j.getMetadata().getName()))
        .toList();
  }

  /**
   * The outcome the Job's last terminated pod wrote, if it can be read: the pod may be gone, or the
   * message may be the log tail Kubernetes falls back to after a crash.
   */
  static Optional<SyncOutcome> outcome(KubernetesClient client, Job job) {
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
    boolean wanted = succeeded(job);
    return pods.stream()
        .map(SyncJobs::terminated)
        .flatMap(Optional::stream)
        .filter(t -> (t.getExitCode() != null && t.getExitCode() == 0) == wanted)
        .max(Comparator.comparing(t -> t.getFinishedAt() == null ? "" : t.getFinishedAt()))
        .flatMap(t -> parse(job, t.getMessage()));
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      if (status.getName().equals(SyncJobTemplate.CONTAINER)
          && status.getState() != null
          && status.getState().getTerminated() != null) {
        return Optional.of(status.getState().getTerminated());
      }
    }
    return Optional.empty();
  }

  private static Optional<SyncOutcome> parse(Job job, String message) {
    if (message == null || message.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SyncOutcome.parse(message));
    } catch (JsonProcessingException e) {
      LOG.info(
          "Job {}/{} left a termination message that is not an outcome (a crash log?)",
          job.getMetadata().getNamespace(),
          job.getMetadata().getName());
      return Optional.empty();
    }
  }

  private static boolean hasCondition(Job job, String type) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals(type) && "True".equals(c.getStatus()));
  }
}
