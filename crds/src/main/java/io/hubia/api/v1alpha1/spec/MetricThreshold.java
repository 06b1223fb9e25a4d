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
  @Pattern("^[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9@]*)*$")
  @Size(max = 100)
  @JsonPropertyDescription(
      "Metric name, optionally prefixed by its suite, e.g. golden.citationPrecision,"
          + " injection.attackSuccessRate, recallAt5. See docs/evaluation.md for the list.")
  private String metric;

  @JsonPropertyDescription("Least acceptable value (inclusive).")
  private Double min;

  @JsonPropertyDescription("Greatest acceptable value (inclusive), e.g. for attack success rate.")
  private Double max;
}
