package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Continuous evaluation of the agent, and whether it gates promotion of a new revision. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.gate) || !self.gate || (has(self.thresholds) && size(self.thresholds) > 0)",
    message = "evaluation.gate needs at least one entry in evaluation.thresholds to gate on")
@ValidationRule(
    value = "!has(self.suites) || !self.suites.exists(s, s == 'Golden') || has(self.goldenSet)",
    message = "the Golden suite needs evaluation.goldenSet")
@ValidationRule(
    value =
        "!has(self.thresholds) || self.thresholds.all(t, self.thresholds.filter(o, o.metric =="
            + " t.metric).size() == 1)",
    message =
        "each metric may have one threshold only: merge the duplicates in evaluation.thresholds")
public class EvaluationSpec {
  @Size(max = 4)
  @JsonPropertyDescription("Suites to run: Golden, Unanswerable, Injection, RedTeam.")
  private List<EvaluationSuite> suites = new ArrayList<>();

  @JsonPropertyDescription("Golden set used by the Golden suite.")
  private GoldenSetSource goldenSet;

  @Size(max = 50)
  @JsonPropertyDescription("Acceptance thresholds, at most 50, one per metric.")
  private List<MetricThreshold> thresholds = new ArrayList<>();

  @Min(1)
  @Max(10)
  @JsonPropertyDescription(
      "Times each case is run; scores report mean and spread so that luck does not decide."
          + " Defaults to 1.")
  private Integer repeats;

  @Pattern(Patterns.CRON)
  @JsonPropertyDescription(
      "Cron schedule of periodic evaluations, e.g. '0 3 * * *'. Evaluation also runs on every"
          + " spec change.")
  private String schedule;

  @JsonPropertyDescription(
      "When true, a new revision is promoted only if every threshold passes; otherwise scores"
          + " are reported only. Defaults to false.")
  private Boolean gate;
}
