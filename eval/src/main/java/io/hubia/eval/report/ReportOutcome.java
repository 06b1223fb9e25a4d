package io.hubia.eval.report;

/** Turns a report into the exit code of the evaluation job, so CI and Kubernetes Jobs can gate. */
public final class ReportOutcome {
  /** Every metric with a threshold met it. */
  public static final int PASSED = 0;

  /** At least one metric missed its threshold. */
  public static final int FAILED = 1;

  private ReportOutcome() {}

  /**
   * {@value #PASSED} when every metric with a threshold passes, {@value #FAILED} otherwise. The
   * verdict is recomputed from each metric's value and threshold rather than read from {@link
   * EvaluationReport#passed()}, so a report assembled by hand cannot pass by mistake. Failing cases
   * alone do not fail the run: the metrics over them do, at the thresholds chosen.
   */
  public static int exitCode(EvaluationReport report) {
    for (MetricResult metric : report.metrics()) {
      if (metric.hasThreshold() && !metric.threshold().isMetBy(metric.value())) {
        return FAILED;
      }
    }
    return PASSED;
  }
}
