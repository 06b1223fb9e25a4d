package io.hubia.operator.index;

import static io.hubia.api.sync.IngestionJobContract.LABEL_MODE;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hubia.api.sync.SyncOutcome;
import io.hubia.operator.objects.JobStates;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the state of sync Jobs and the {@link SyncOutcome} their pods leave behind. */
final class SyncJobs {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJobs.class);

  private SyncJobs() {}

  /** Whether the Job has neither completed nor failed. */
  static boolean active(Job job) {
    return JobStates.active(job);
  }

  /** Whether the Job completed successfully. */
  static boolean succeeded(Job job) {
    return JobStates.succeeded(job);
  }

  /** When the Job completed or failed; empty while it runs. */
  static Optional<Instant> finishedAt(Job job) {
    return JobStates.finishedAt(job);
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
    return JobStates.failureMessage(job);
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
    boolean wanted = succeeded(job);
    return JobStates.terminations(client, job, SyncJobTemplate.CONTAINER).stream()
        .filter(t -> (t.getExitCode() != null && t.getExitCode() == 0) == wanted)
        .reduce((first, second) -> second)
        .flatMap(t -> parse(job, t.getMessage()));
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
}
