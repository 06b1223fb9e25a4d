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
  @JsonPropertyDescription(
      "Requests per minute for one caller (a burst up to the limit, then one request back every"
          + " 60/limit seconds); each replica enforces its share, rounded up. Over it: 429 with"
          + " Retry-After.")
  private Integer requestsPerMinutePerSubject;

  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription(
      "Requests per minute for one workflow, all callers together; each replica enforces its"
          + " share, rounded up.")
  private Integer requestsPerMinutePerWorkflow;

  @Min(1)
  @JsonPropertyDescription(
      "Model tokens per day for one caller, counted from the audit trail; the day starts at"
          + " midnight in the runtime's hubia.limits.day-zone (Europe/Paris by default). Answers"
          + " without a model spend none.")
  private Long tokensPerDayPerSubject;

  @Min(1)
  @JsonPropertyDescription(
      "Model tokens per day for one workflow, all callers together, counted like"
          + " tokensPerDayPerSubject.")
  private Long tokensPerDayPerWorkflow;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("Longest question accepted, in characters. Defaults to 4000.")
  private Integer maxQuestionLength;
}
