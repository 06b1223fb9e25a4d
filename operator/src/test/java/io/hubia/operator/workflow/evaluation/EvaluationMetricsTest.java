package io.hubia.operator.workflow.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.EvaluationStatus;
import io.hubia.api.v1alpha1.status.MetricResult;
import io.hubia.api.v1alpha1.status.SuiteResult;
import io.hubia.operator.ExampleResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EvaluationMetrics metrics = new EvaluationMetrics(registry);
  private final AgentWorkflow workflow = ExampleResources.workflow();

  private static EvaluationStatus failed() {
    MetricResult recall = new MetricResult();
    recall.setName("citation_recall");
    recall.setValue(0.7);
    recall.setMin(0.85);
    recall.setPassed(false);
    MetricResult latency = new MetricResult();
    latency.setName("latency_p95_ms");
    latency.setValue(812.0);
    SuiteResult golden = new SuiteResult();
    golden.setName("golden");
    golden.setMetrics(List.of(recall, latency));
    EvaluationStatus status = new EvaluationStatus();
    status.setResult("Failed");
    status.setScore(0.6);
    status.setGenerationEvaluated(4L);
    status.setCompletionTime("2026-11-29T03:10:00Z");
    status.setSuites(List.of(golden));
    return status;
  }

  private double gauge(String name, String metric) {
    var search = registry.find(name).tag("workflow", workflow.getMetadata().getName());
    if (metric != null) {
      search = search.tag("metric", metric);
    }
    return search.gauge().value();
  }

  @Test
  void aFinishedRunSetsEveryGaugeAndCountsTheRun() {
    metrics.finished(workflow, failed());
    assertThat(gauge("hubia.evaluation.passed", null)).isZero();
    assertThat(gauge("hubia.evaluation.score", null)).isEqualTo(0.6);
    assertThat(gauge("hubia.evaluation.metric", "citation_recall")).isEqualTo(0.7);
    assertThat(gauge("hubia.evaluation.threshold.passed", "citation_recall")).isZero();
    assertThat(
            registry
                .find("hubia.evaluation.threshold.passed")
                .tag("metric", "latency_p95_ms")
                .gauge())
        .as("no threshold, no verdict")
        .isNull();
    assertThat(gauge("hubia.evaluation.last.completion.timestamp.seconds", null))
        .isEqualTo(1795921800.0);
    assertThat(registry.find("hubia.evaluation.runs").tag("result", "Failed").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void gaugesOfDeletedWorkflowsGoAndARunningStatusHasNone() {
    metrics.record(workflow, failed());
    metrics.retain((ns, name) -> true);
    assertThat(registry.find("hubia.evaluation.score").gauges()).hasSize(1);
    metrics.retain((ns, name) -> false);
    assertThat(registry.find("hubia.evaluation.score").gauges()).isEmpty();
    assertThat(registry.find("hubia.evaluation.metric").gauges()).isEmpty();

    EvaluationStatus running = failed();
    running.setResult("Running");
    metrics.record(workflow, running);
    assertThat(registry.find("hubia.evaluation.score").gauges()).isEmpty();
  }
}
