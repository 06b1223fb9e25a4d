package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** An acceptance threshold on one evaluation metric. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.min) || has(self.max)",
    message = "a threshold needs 'min', 'max' or both")
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "threshold 'min' must not be greater than 'max'")
public class MetricThreshold {
  @Required
  @Pattern("^([a-z][a-z0-9]*\\.)?[a-z][a-z0-9_]*$")
  @Size(max = 100)
  @JsonPropertyDescription(
      "Metric name as the evaluation report gives it, optionally prefixed by its suite (then it"
          + " applies to that suite only), e.g. citation_recall, golden.key_fact_coverage,"
          + " injection.attack_success_rate. See docs/evaluation-metrics.md for the list.")
  private String metric;

  @JsonPropertyDescription("Least acceptable value (inclusive).")
  private Double min;

  @JsonPropertyDescription("Greatest acceptable value (inclusive), e.g. for attack success rate.")
  private Double max;
}
