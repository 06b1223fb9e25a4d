package io.hubia.api.config;

import io.hubia.api.v1alpha1.spec.EvaluationSpec;
import io.hubia.api.v1alpha1.spec.MetricThreshold;
import java.util.Locale;

/**
 * The thresholds of {@code spec.evaluation.thresholds} in the evaluation command's file format: one
 * entry per metric, {@code metric: {min: x, max: y}}, the metric optionally prefixed by its suite.
 */
public final class EvaluationThresholdsFile {
  private EvaluationThresholdsFile() {}

  /** The YAML text of the thresholds; an empty map when there are none. */
  public static String render(EvaluationSpec spec) {
    if (spec.getThresholds() == null || spec.getThresholds().isEmpty()) {
      return "{}\n";
    }
    StringBuilder yaml = new StringBuilder();
    for (MetricThreshold threshold : spec.getThresholds()) {
      yaml.append('"').append(threshold.getMetric()).append("\": {");
      boolean first = true;
      if (threshold.getMin() != null) {
        yaml.append("min: ").append(number(threshold.getMin()));
        first = false;
      }
      if (threshold.getMax() != null) {
        yaml.append(first ? "" : ", ").append("max: ").append(number(threshold.getMax()));
      }
      yaml.append("}\n");
    }
    return yaml.toString();
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%s", value);
  }
}
