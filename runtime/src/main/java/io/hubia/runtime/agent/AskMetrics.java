package io.hubia.runtime.agent;

import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.answer.model.ToolPolicy;
import io.hubia.runtime.api.AskResponse;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The metrics of {@code /ask} (docs/metrics.md): requests by outcome, latency histograms per step
 * and in total, fallbacks by reason, citations per answer, best retrieval relevance, model tokens
 * and model errors per model.
 */
final class AskMetrics {
  private final MeterRegistry registry;

  AskMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  <T> T step(String workflow, String step, Supplier<T> work) {
    Timer timer =
        Timer.builder("hubia.ask.step")
            .description("Time spent in one step of /ask")
            .tags("workflow", workflow, "step", step)
            .publishPercentileHistogram()
            .register(registry);
    return timer.record(work);
  }

  void finished(String workflow, AskResponse response, Duration total) {
    String outcome = response.fallback() ? "fallback" : "answered";
    registry.counter("hubia.ask.requests", "workflow", workflow, "outcome", outcome).increment();
    Timer.builder("hubia.ask.duration")
        .description("Time to answer /ask, from request to reply")
        .tags("workflow", workflow, "outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(total);
    if (!response.fallback()) {
      DistributionSummary.builder("hubia.ask.citations")
          .description("Citations per answer")
          .tags("workflow", workflow)
          .register(registry)
          .record(response.citations().size());
    }
  }

  /** A request whose context some model of the chain was refused (policy model rules). */
  void modelRulesRefused(String workflow, String sensitivity) {
    registry
        .counter("hubia.model.rules.refused", "workflow", workflow, "sensitivity", sensitivity)
        .increment();
  }

  /**
   * A tool call refused by the policy's tool rules; the reason without its argument name ({@code
   * argument_pattern}), so that the series stay few.
   */
  void toolDenied(String workflow, String tool, String reason) {
    registry
        .counter(
            "hubia.tool.calls.denied",
            "workflow",
            workflow,
            "tool",
            tool,
            "reason",
            ToolPolicy.Decision.kind(reason == null ? ToolPolicy.Decision.NOT_PERMITTED : reason))
        .increment();
  }

  void fallback(String workflow, String reason) {
    registry.counter("hubia.ask.fallbacks", "workflow", workflow, "reason", reason).increment();
  }

  void retrieval(String workflow, List<Evidence> evidence) {
    double best = evidence.stream().mapToDouble(Evidence::relevance).max().orElse(0);
    DistributionSummary.builder("hubia.ask.retrieval.relevance")
        .description("Relevance of the best chunk retrieved for a question, 0 to 1")
        .tags("workflow", workflow)
        .serviceLevelObjectives(0.1, 0.2, 0.3, 0.5, 0.7)
        .register(registry)
        .record(best);
  }

  void tokens(String model, long in, long out) {
    if (in > 0) {
      registry.counter("hubia.model.tokens", "model", model, "direction", "input").increment(in);
    }
    if (out > 0) {
      registry.counter("hubia.model.tokens", "model", model, "direction", "output").increment(out);
    }
  }

  void modelError(String model, String reason) {
    registry.counter("hubia.model.errors", "model", model, "reason", reason).increment();
  }

  void auditRefused(String workflow) {
    registry.counter("hubia.ask.audit.refused", "workflow", workflow).increment();
  }
}
