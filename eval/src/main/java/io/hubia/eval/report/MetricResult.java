package io.hubia.eval.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One aggregate metric of an evaluation run, with its threshold and verdict.
 *
 * @param name metric name as thresholds files write it, e.g. {@code citation_recall}
 * @param value the aggregate (usually a mean or a rate over the applicable cases)
 * @param spread standard deviation over repeats, or {@code null} when the run was not repeated
 * @param ciLow lower bound of the confidence interval, or {@code null}
 * @param ciHigh upper bound of the confidence interval, or {@code null}
 * @param threshold the bound the metric must satisfy, or {@code null} when it has none
 * @param passed whether the threshold is met; always {@code true} without a threshold
 * @param n number of cases (or case attempts) the value aggregates
 */
@JsonPropertyOrder({
  "name",
  "value",
  "spread",
  "ciLow",
  "ciHigh",
  "threshold",
  "passed",
  "status",
  "n"
})
@JsonIgnoreProperties(
    value = {"status"},
    allowGetters = true)
public record MetricResult(
    String name,
    double value,
    Double spread,
    Double ciLow,
    Double ciHigh,
    Threshold threshold,
    boolean passed,
    int n) {

  /** Status shown for a metric without a threshold. */
  public static final String NO_THRESHOLD = "no threshold";

  /** Checks the name and the count. */
  public MetricResult {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a metric needs a name");
    }
    name = name.strip();
    if (n < 0) {
      throw new IllegalArgumentException("metric '" + name + "': n must not be negative, not " + n);
    }
  }

  /** A metric measured without spread or interval, not yet held against a threshold. */
  public static MetricResult of(String name, double value, int n) {
    return new MetricResult(name, value, null, null, null, null, true, n);
  }

  /** The same metric held against {@code bound}; {@code null} removes the threshold. */
  public MetricResult against(Threshold bound) {
    boolean met = bound == null || bound.isMetBy(value);
    return new MetricResult(name, value, spread, ciLow, ciHigh, bound, met, n);
  }

  /** Whether the metric has a threshold, so that it can fail the run. */
  public boolean hasThreshold() {
    return threshold != null;
  }

  /** {@code pass}, {@code fail} or {@value #NO_THRESHOLD}, as reports show it. */
  @JsonProperty("status")
  public String status() {
    if (threshold == null) {
      return NO_THRESHOLD;
    }
    return passed ? "pass" : "fail";
  }
}
