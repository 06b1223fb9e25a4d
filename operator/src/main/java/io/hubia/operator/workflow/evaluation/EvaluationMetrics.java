package io.hubia.operator.workflow.evaluation;

import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.api.v1alpha1.status.MetricResult;
import io.hubia.api.v1alpha1.status.SuiteResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluation metrics of the operator (docs/metrics.md): per workflow the latest result, score and
 * every metric's value and threshold verdict, and counters of finished runs and promotions. Gauges
 * are replaced as a whole when a run finishes, so a metric that left the report leaves Prometheus.
 */
public final class EvaluationMetrics {
  private final MeterRegistry registry;
  private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

  public EvaluationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A run finished with {@code status}: counts it and replaces the workflow's gauges. */
  public void finished(AgentWorkflow workflow, EvaluationStatus status) {
    registry
        .counter("hubia.evaluation.runs", tags(workflow).and("result", status.getResult()))
        .increment();
    record(workflow, status);
  }

  /** Sets the workflow's gauges from {@code status} (also after an operator restart). */
  public void record(AgentWorkflow workflow, EvaluationStatus status) {
    forget(workflow);
    if (status == null || EvaluationResult.RUNNING.equals(status.getResult())) {
      return;
    }
    List<Meter> meters = new ArrayList<>();
    Tags base = tags(workflow);
    double passed = EvaluationResult.PASSED.equals(status.getResult()) ? 1 : 0;
    meters.add(gauge("hubia.evaluation.passed", base, passed));
    if (status.getScore() != null) {
      meters.add(gauge("hubia.evaluation.score", base, status.getScore()));
    }
    if (status.getCompletionTime() != null) {
      meters.add(
          gauge(
              "hubia.evaluation.last.completion.timestamp.seconds",
              base,
              java.time.Instant.parse(status.getCompletionTime()).getEpochSecond()));
    }
    if (status.getGenerationEvaluated() != null) {
      meters.add(gauge("hubia.evaluation.generation", base, status.getGenerationEvaluated()));
    }
    for (SuiteResult suite : status.getSuites()) {
      for (MetricResult metric : suite.getMetrics()) {
        Tags tags = base.and("suite", suite.getName(), "metric", metric.getName());
        if (metric.getValue() != null) {
          meters.add(gauge("hubia.evaluation.metric", tags, metric.getValue()));
        }
        if (metric.getPassed() != null) {
          meters.add(gauge("hubia.evaluation.threshold.passed", tags, metric.getPassed() ? 1 : 0));
        }
      }
    }
    gauges.put(key(workflow), meters);
  }

  /** A gated revision passed and now serves. */
  public void promoted(AgentWorkflow workflow) {
    registry.counter("hubia.evaluation.promotions", tags(workflow)).increment();
  }

  /**
   * Removes the gauges of workflows that no longer exist ({@code exists} says which do, by
   * namespace and name): a deleted workflow's alerts must not fire on its last scores.
   */
  public void retain(java.util.function.BiPredicate<String, String> exists) {
    for (String key : List.copyOf(gauges.keySet())) {
      int slash = key.indexOf('/');
      if (!exists.test(key.substring(0, slash), key.substring(slash + 1))) {
        List<Meter> meters = gauges.remove(key);
        if (meters != null) {
          meters.forEach(registry::remove);
        }
      }
    }
  }

  /** Removes the workflow's gauges (evaluation turned off). */
  public void forget(AgentWorkflow workflow) {
    List<Meter> meters = gauges.remove(key(workflow));
    if (meters != null) {
      meters.forEach(registry::remove);
    }
  }

  private Meter gauge(String name, Tags tags, double value) {
    return Gauge.builder(name, () -> value).tags(tags).register(registry);
  }

  private static Tags tags(AgentWorkflow workflow) {
    return Tags.of(
        "namespace", workflow.getMetadata().getNamespace(),
        "workflow", workflow.getMetadata().getName());
  }

  private static String key(AgentWorkflow workflow) {
    return workflow.getMetadata().getNamespace() + "/" + workflow.getMetadata().getName();
  }
}
