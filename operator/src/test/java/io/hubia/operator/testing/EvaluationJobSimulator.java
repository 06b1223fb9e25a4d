package io.hubia.operator.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.hubia.operator.workflow.evaluation.EvaluationNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Plays the Job controller and kubelet for evaluation Jobs, which the mock API server does not run:
 * for each new Job labelled {@code hubia.io/evaluation}, it asks the test's script what the
 * evaluation command would have ended with (exit code and summary), fills the report ConfigMap the
 * way the command does, records a Pod whose terminated container carries the summary as its
 * termination message, and marks the Job Complete or Failed. Jobs can be held until released, to
 * observe the state while an evaluation runs.
 */
public final class EvaluationJobSimulator implements AutoCloseable {
  /** What the evaluation command ended with. */
  public record Ending(int exitCode, String summary) {}

  private final KubernetesClient client;
  private final Function<Job, Ending> script;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final List<Job> held = new ArrayList<>();
  private final List<Job> started = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final Watch watch;
  private volatile boolean holding;

  private EvaluationJobSimulator(KubernetesClient client, Function<Job, Ending> script) {
    this.client = client;
    this.script = script;
    this.watch =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .withLabel(EvaluationNames.LABEL)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED && seen.add(job.getMetadata().getUid())) {
                      executor.submit(() -> accept(job));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  /** Starts running evaluation Jobs with {@code script} deciding how each one ends. */
  public static EvaluationJobSimulator start(
      KubernetesClient client, Function<Job, Ending> script) {
    return new EvaluationJobSimulator(client, script);
  }

  /** Jobs started from now on stay running until {@link #release()}. */
  public synchronized void hold() {
    holding = true;
  }

  /** Finishes the held Jobs and stops holding. */
  public synchronized void release() {
    holding = false;
    held.forEach(job -> executor.submit(() -> finish(job)));
    held.clear();
  }

  /** Every evaluation Job created so far, in order. */
  public List<Job> started() {
    return List.copyOf(started);
  }

  private synchronized void accept(Job job) {
    started.add(job);
    if (holding) {
      held.add(job);
    } else {
      finish(job);
    }
  }

  private void finish(Job job) {
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    Ending ending = script.apply(job);
    String workflow = job.getMetadata().getLabels().get(EvaluationNames.LABEL);
    ConfigMap report =
        client.configMaps().inNamespace(namespace).withName(workflow + "-evaluation-report").get();
    if (report != null && ending.exitCode() != 2) {
      report.setData(Map.of("report.json", ending.summary()));
      client.resource(report).update();
    }
    JobEndings.end(client, job, ending.exitCode(), ending.summary(), "BackoffLimitExceeded");
  }

  @Override
  public void close() {
    watch.close();
    executor.shutdownNow();
  }
}
