package io.hubia.operator.workflow.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.status.MetricResult;
import io.hubia.api.v1alpha1.status.SuiteResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The summary the evaluation command writes to its termination message: the verdict, the score and
 * every suite's metrics against their thresholds, in the shape of {@code status.evaluation}.
 *
 * @param result Passed, Failed or Error
 * @param score the summary score, 0 to 1
 * @param suites results per suite
 * @param message why the evaluation could not run (Error)
 * @param truncated whether metrics were left out to fit the 4 KiB termination message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationSummary(
    String result, Double score, List<SuiteResult> suites, String message, Boolean truncated) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public EvaluationSummary {
    suites = suites == null ? List.of() : List.copyOf(suites);
  }

  /** Reads a termination message; empty when it is not a summary (e.g. a crash log tail). */
  public static Optional<EvaluationSummary> parse(String message) {
    if (message == null || message.isBlank() || !message.strip().startsWith("{")) {
      return Optional.empty();
    }
    try {
      EvaluationSummary summary = JSON.readValue(message, EvaluationSummary.class);
      if (!List.of(EvaluationResult.PASSED, EvaluationResult.FAILED, EvaluationResult.ERROR)
          .contains(summary.result())) {
        return Optional.empty();
      }
      return Optional.of(summary);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The metrics that missed their threshold, as {@code suite.metric value (min x)} lines. */
  public List<String> failedMetrics() {
    List<String> failed = new ArrayList<>();
    for (SuiteResult suite : suites) {
      for (MetricResult metric : suite.getMetrics()) {
        if (Boolean.FALSE.equals(metric.getPassed())) {
          failed.add(describe(suite.getName(), metric));
        }
      }
    }
    return failed;
  }

  /** Metrics with a threshold, passed or not. */
  public int thresholds() {
    return (int)
        suites.stream()
            .flatMap(s -> s.getMetrics().stream())
            .filter(m -> m.getPassed() != null)
            .count();
  }

  static String describe(String suite, MetricResult metric) {
    StringBuilder text = new StringBuilder(suite + "." + metric.getName() + " ");
    text.append(metric.getValue() == null ? "undefined" : format(metric.getValue()));
    if (metric.getMin() != null
        && (metric.getValue() == null || metric.getValue() < metric.getMin())) {
      text.append(" < min ").append(format(metric.getMin()));
    } else if (metric.getMax() != null) {
      text.append(" > max ").append(format(metric.getMax()));
    }
    return text.toString();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
