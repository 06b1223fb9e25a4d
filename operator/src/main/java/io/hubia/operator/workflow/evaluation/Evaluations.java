package io.hubia.operator.workflow.evaluation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.EvaluationSpec;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.objects.JobStates;
import io.hubia.operator.objects.OwnedObjects;
import io.hubia.operator.workflow.DeploymentRollout;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a workflow's evaluations. One pass of {@link #step} decides whether the latest revision
 * needs an evaluation (a new generation, a new revision, a new content generation of an index, or
 * the schedule came due), brings up the evaluation runtime for it, starts the Job once that runtime
 * is available, and when the Job has finished reads its summary into {@code status.evaluation} and
 * takes the runtime down. The same target and trigger always name the same Job, so a repeated pass
 * never starts a second one.
 */
public final class Evaluations {
  /** Finished evaluation Jobs kept for their logs, newest first. */
  static final int JOBS_KEPT = 3;

  private static final int MAX_MESSAGE = 1000;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Logger LOG = LoggerFactory.getLogger(Evaluations.class);

  private final OperatorSettings settings;
  private final EvaluationMetrics metrics;

  public Evaluations(OperatorSettings settings, EvaluationMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * What one pass found.
   *
   * @param status the new {@code status.evaluation}; null when evaluation is off
   * @param target the revision the latest spec renders to
   * @param running whether an evaluation is under way (come back soon)
   * @param finished whether a run finished in this pass
   * @param untilScheduled time until the schedule next comes due, if there is one
   */
  public record Step(
      EvaluationStatus status,
      EvaluationTarget target,
      boolean running,
      boolean finished,
      Optional<Duration> untilScheduled) {}

  /** Whether the workflow asks for evaluation at all. */
  public static boolean enabled(AgentWorkflow workflow) {
    EvaluationSpec spec = workflow.getSpec().getEvaluation();
    return spec != null && spec.getSuites() != null && !spec.getSuites().isEmpty();
  }

  /** One pass over the workflow's evaluation, for its latest rendered configuration. */
  public Step step(
      AgentWorkflow workflow, RenderedConfig latest, KubernetesClient client, Instant now) {
    EvaluationStatus previous =
        workflow.getStatus() == null ? null : workflow.getStatus().getEvaluation();
    EvaluationTarget target = EvaluationTarget.of(workflow, latest);
    if (!enabled(workflow)) {
      if (previous != null) {
        removeAll(client, workflow);
        metrics.forget(workflow);
      }
      return new Step(null, target, false, false, Optional.empty());
    }
    EvaluationSchedule schedule = schedule(workflow);
    Optional<Duration> untilScheduled =
        schedule == null ? Optional.empty() : schedule.untilNext(now);
    String trigger = trigger(target, previous, schedule, now);
    if (trigger == null) {
      metrics.record(workflow, previous);
      return new Step(previous, target, false, false, untilScheduled);
    }
    String jobName = EvaluationNames.job(workflow, target, trigger);
    String namespace = workflow.getMetadata().getNamespace();
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    if (job == null) {
      bringUpRuntime(client, workflow, latest);
      if (runtimeAvailable(client, workflow, latest)) {
        createJob(client, DesiredEvaluation.job(workflow, jobName, target, settings));
        LOG.info("Evaluation of revision {} started: Job {}", target.shortRevision(), jobName);
      }
      return new Step(running(previous, jobName), target, true, false, untilScheduled);
    }
    if (JobStates.active(job)) {
      return new Step(running(previous, jobName), target, true, false, untilScheduled);
    }
    EvaluationStatus result = result(client, workflow, job, target);
    takeDownRuntime(client, workflow);
    pruneJobs(client, workflow, jobName);
    metrics.finished(workflow, result);
    LOG.info(
        "Evaluation of revision {} finished: {} ({})",
        target.shortRevision(),
        result.getResult(),
        result.getMessage() == null ? "score " + result.getScore() : result.getMessage());
    return new Step(result, target, false, true, untilScheduled);
  }

  /**
   * Why an evaluation is due, or null: {@code change} when the target was not evaluated yet, {@code
   * schedule@<epoch>} when the schedule came due after the last evaluation finished.
   */
  static String trigger(
      EvaluationTarget target,
      EvaluationStatus previous,
      EvaluationSchedule schedule,
      Instant now) {
    if (!target.evaluatedBy(previous)) {
      return "change";
    }
    if (schedule == null || previous.getCompletionTime() == null) {
      return null;
    }
    Instant completed = Instant.parse(previous.getCompletionTime());
    return schedule
        .lastDue(now)
        .filter(due -> due.isAfter(completed))
        .map(due -> "schedule@" + due.getEpochSecond())
        .orElse(null);
  }

  private static EvaluationSchedule schedule(AgentWorkflow workflow) {
    String cron = workflow.getSpec().getEvaluation().getSchedule();
    if (cron == null || cron.isBlank()) {
      return null;
    }
    try {
      return EvaluationSchedule.parse(cron);
    } catch (IllegalArgumentException e) {
      LOG.warn("evaluation.schedule '{}' is not a schedule: {}", cron, e.getMessage());
      return null;
    }
  }

  /** The previous status, marked running with {@code jobName}. */
  private static EvaluationStatus running(EvaluationStatus previous, String jobName) {
    EvaluationStatus status =
        previous == null ? new EvaluationStatus() : SERIALIZATION.clone(previous);
    status.setResult(EvaluationResult.RUNNING);
    status.setJobName(jobName);
    return status;
  }

  private void bringUpRuntime(KubernetesClient client, AgentWorkflow workflow, RenderedConfig rc) {
    createIfAbsent(client, EvaluationKeys.newSecret(workflow));
    createIfAbsent(client, DesiredEvaluation.reportConfigMap(workflow));
    OwnedObjects.apply(client, DesiredEvaluation.jobAccount(workflow));
    OwnedObjects.apply(client, DesiredEvaluation.jobRole(workflow));
    OwnedObjects.apply(client, DesiredEvaluation.jobRoleBinding(workflow));
    OwnedObjects.apply(client, DesiredEvaluation.configMap(workflow, rc));
    OwnedObjects.apply(client, DesiredEvaluation.deployment(workflow, rc, settings));
    OwnedObjects.apply(client, DesiredEvaluation.service(workflow));
    OwnedObjects.apply(client, DesiredEvaluation.networkPolicy(workflow, settings));
  }

  /**
   * Whether the evaluation runtime has rolled out the candidate revision, read as the serving
   * Deployment's rollout is ({@link DeploymentRollout}): complete, so that no pod of an earlier
   * candidate still answers behind the Service.
   */
  private static boolean runtimeAvailable(
      KubernetesClient client, AgentWorkflow workflow, RenderedConfig candidate) {
    Deployment deployment =
        client
            .apps()
            .deployments()
            .inNamespace(workflow.getMetadata().getNamespace())
            .withName(EvaluationNames.runtime(workflow))
            .get();
    DeploymentRollout rollout = DeploymentRollout.of(Optional.ofNullable(deployment));
    return rollout.complete() && candidate.hash().equals(rollout.revision());
  }

  private static void createJob(KubernetesClient client, Job job) {
    try {
      client.resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      LOG.debug("Job {} exists already", job.getMetadata().getName());
    }
  }

  /** The evaluation status a finished Job gives. */
  static EvaluationStatus result(
      KubernetesClient client, AgentWorkflow workflow, Job job, EvaluationTarget target) {
    List<io.fabric8.kubernetes.api.model.ContainerStateTerminated> ends =
        JobStates.terminations(client, job, DesiredEvaluation.CONTAINER);
    Optional<EvaluationSummary> summary =
        ends.isEmpty()
            ? Optional.empty()
            : EvaluationSummary.parse(ends.get(ends.size() - 1).getMessage());
    EvaluationStatus status = new EvaluationStatus();
    status.setGenerationEvaluated(target.generation());
    status.setRevision(target.shortRevision());
    status.setIndexGenerations(target.indexGenerations());
    status.setJobName(job.getMetadata().getName());
    status.setReport(EvaluationNames.report(workflow));
    status.setCompletionTime(JobStates.finishedAt(job).orElseThrow().toString());
    if (summary.isEmpty()) {
      status.setResult(EvaluationResult.ERROR);
      status.setMessage(
          cut(
              "the evaluation Job "
                  + (JobStates.succeeded(job)
                      ? "left no summary"
                      : "failed (" + JobStates.failureMessage(job) + ")")
                  + "; see kubectl logs job/"
                  + job.getMetadata().getName()));
      return status;
    }
    EvaluationSummary found = summary.get();
    status.setResult(found.result());
    status.setScore(found.score());
    status.setSuites(found.suites());
    String truncated =
        Boolean.TRUE.equals(found.truncated())
            ? " (summary cut to fit the termination message: the report has every metric)"
            : "";
    if (EvaluationResult.FAILED.equals(found.result())) {
      status.setMessage(
          cut("thresholds not met: " + String.join("; ", found.failedMetrics()) + truncated));
    } else if (EvaluationResult.ERROR.equals(found.result())) {
      status.setMessage(
          cut(
              "the evaluation could not run: "
                  + (found.message() == null ? "no reason given" : found.message())));
    } else if (!truncated.isEmpty()) {
      status.setMessage(truncated.strip());
    }
    return status;
  }

  private static String cut(String text) {
    return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE - 1) + "…";
  }

  /** Deletes the evaluation runtime; the report, key, account and Jobs stay. */
  private static void takeDownRuntime(KubernetesClient client, AgentWorkflow workflow) {
    String namespace = workflow.getMetadata().getNamespace();
    String name = EvaluationNames.runtime(workflow);
    client.apps().deployments().inNamespace(namespace).withName(name).delete();
    client.services().inNamespace(namespace).withName(name).delete();
    client.network().v1().networkPolicies().inNamespace(namespace).withName(name).delete();
    client.configMaps().inNamespace(namespace).withName(name).delete();
  }

  /** Everything evaluation made, when evaluation is turned off. */
  private static void removeAll(KubernetesClient client, AgentWorkflow workflow) {
    takeDownRuntime(client, workflow);
    String namespace = workflow.getMetadata().getNamespace();
    String label = workflow.getMetadata().getName();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel(EvaluationNames.LABEL, label)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    client.configMaps().inNamespace(namespace).withName(EvaluationNames.report(workflow)).delete();
    client.secrets().inNamespace(namespace).withName(EvaluationNames.key(workflow)).delete();
    String account = EvaluationNames.jobAccount(workflow);
    client.rbac().roleBindings().inNamespace(namespace).withName(account).delete();
    client.rbac().roles().inNamespace(namespace).withName(account).delete();
    client.serviceAccounts().inNamespace(namespace).withName(account).delete();
  }

  /** Keeps the newest finished Jobs, and always {@code current}. */
  private static void pruneJobs(KubernetesClient client, AgentWorkflow workflow, String current) {
    List<Job> finished =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(workflow.getMetadata().getNamespace())
            .withLabel(EvaluationNames.LABEL, workflow.getMetadata().getName())
            .list()
            .getItems()
            .stream()
            .filter(j -> !JobStates.active(j))
            .filter(j -> !j.getMetadata().getName().equals(current))
            .sorted(
                Comparator.comparing((Job j) -> JobStates.finishedAt(j).orElseThrow()).reversed())
            .toList();
    for (Job old : finished.stream().skip(JOBS_KEPT - 1).toList()) {
      client
          .resource(old)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
          .delete();
    }
  }

  private static <T extends HasMetadata> void createIfAbsent(KubernetesClient client, T desired) {
    if (client.resource(desired).get() == null) {
      try {
        client.resource(desired).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }
}
