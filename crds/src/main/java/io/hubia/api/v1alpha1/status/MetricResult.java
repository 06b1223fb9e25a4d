package io.hubia.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** The result of one metric against its threshold. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricResult {
  @JsonPropertyDescription("Metric name, e.g. citation_recall.")
  private String name;

  @JsonPropertyDescription("Measured value (mean over repeats).")
  private Double value;

  @JsonPropertyDescription("Half-width of the 95% confidence interval over repeats.")
  private Double confidenceInterval;

  @JsonPropertyDescription("Least acceptable value, when a threshold is set.")
  private Double min;

  @JsonPropertyDescription("Greatest acceptable value, when a threshold is set.")
  private Double max;

  @JsonPropertyDescription("Whether the value is within the threshold; absent with no threshold.")
  private Boolean passed;
}
