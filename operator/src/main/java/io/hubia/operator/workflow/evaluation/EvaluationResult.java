package io.hubia.operator.workflow.evaluation;

/** The values of {@code status.evaluation.result}. */
public final class EvaluationResult {
  /** Every metric with a threshold met it. */
  public static final String PASSED = "Passed";

  /** At least one metric missed its threshold. */
  public static final String FAILED = "Failed";

  /** The evaluation could not run or left no readable summary. */
  public static final String ERROR = "Error";

  /** An evaluation Job is running; the other fields are those of the previous evaluation. */
  public static final String RUNNING = "Running";

  private EvaluationResult() {}
}
