package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import lombok.Data;

/** Rate limits and token budgets; absent means unlimited. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LimitsSpec {
  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("Requests per minute for one caller.")
  private Integer requestsPerMinutePerSubject;

  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription("Requests per minute for one workflow, all callers together.")
  private Integer requestsPerMinutePerWorkflow;

  @Min(1)
  @JsonPropertyDescription("Model tokens per day for one caller.")
  private Long tokensPerDayPerSubject;

  @Min(1)
  @JsonPropertyDescription("Model tokens per day for one workflow.")
  private Long tokensPerDayPerWorkflow;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("Longest question accepted, in characters. Defaults to 4000.")
  private Integer maxQuestionLength;
}
