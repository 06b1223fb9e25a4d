package io.hubia.eval.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one evaluation run of an AgentWorkflow, as every report format writes it.
 *
 * @param workflow the AgentWorkflow evaluated, {@code namespace/name} or its name
 * @param generation the {@code metadata.generation} of the workflow that was evaluated
 * @param startedAt when the run started
 * @param finishedAt when the run finished
 * @param runtimeUrl the runtime the questions were asked to
 * @param suites the suites run, in order
 * @param repeats how many times each case was asked
 * @param judge the support judge of the run and its agreement with human labels, or {@code null}
 * @param shadows the shadow indexes made for suites that plant documents (indirect injection), or
 *     why none could be; empty when no suite plants any
 * @param metrics the aggregate metrics, each with its threshold and verdict
 * @param cases the cases, each with its answer and verdict
 * @param passed whether every metric with a threshold passed
 */
@JsonPropertyOrder({
  "workflow",
  "generation",
  "startedAt",
  "finishedAt",
  "runtimeUrl",
  "suites",
  "repeats",
  "judge",
  "shadows",
  "passed",
  "metrics",
  "cases"
})
public record EvaluationReport(
    String workflow,
    long generation,
    Instant startedAt,
    Instant finishedAt,
    String runtimeUrl,
    List<String> suites,
    int repeats,
    JudgeSummary judge,
    List<ShadowSummary> shadows,
    List<MetricResult> metrics,
    List<CaseResult> cases,
    boolean passed) {

  /** Checks the run's identity and times and makes the lists immutable. */
  public EvaluationReport {
    if (workflow == null || workflow.isBlank()) {
      throw new IllegalArgumentException("a report needs the workflow it evaluated");
    }
    if (startedAt == null || finishedAt == null) {
      throw new IllegalArgumentException("a report needs its start and finish times");
    }
    if (finishedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException("a report cannot finish before it starts");
    }
    suites = suites == null ? List.of() : List.copyOf(suites);
    shadows = shadows == null ? List.of() : List.copyOf(shadows);
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
    cases = cases == null ? List.of() : List.copyOf(cases);
    repeats = Math.max(1, repeats);
  }

  /**
   * A report whose {@code passed} is derived from the metrics, so it cannot disagree with {@link
   * ReportOutcome#exitCode}.
   */
  public static EvaluationReport of(
      String workflow,
      long generation,
      Instant startedAt,
      Instant finishedAt,
      String runtimeUrl,
      List<String> suites,
      int repeats,
      List<MetricResult> metrics,
      List<CaseResult> cases) {
    boolean passed = metrics.stream().allMatch(MetricResult::passed);
    return new EvaluationReport(
        workflow,
        generation,
        startedAt,
        finishedAt,
        runtimeUrl,
        suites,
        repeats,
        null,
        List.of(),
        metrics,
        cases,
        passed);
  }

  /** This report with {@code judge} as its support judge. */
  public EvaluationReport withJudge(JudgeSummary judge) {
    return new EvaluationReport(
        workflow,
        generation,
        startedAt,
        finishedAt,
        runtimeUrl,
        suites,
        repeats,
        judge,
        shadows,
        metrics,
        cases,
        passed);
  }

  /** This report with {@code shadows} as the shadow indexes of its run. */
  public EvaluationReport withShadows(List<ShadowSummary> shadows) {
    return new EvaluationReport(
        workflow,
        generation,
        startedAt,
        finishedAt,
        runtimeUrl,
        suites,
        repeats,
        judge,
        shadows,
        metrics,
        cases,
        passed);
  }

  /** Whether a suite's shadow cases were not run, shadows not being enabled on the runtime. */
  @JsonIgnore
  public boolean shadowCasesNotRun() {
    return shadows.stream().anyMatch(ShadowSummary::casesNotRun);
  }

  /** How long the run took. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
