package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** Which models may receive which sensitivity of data. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.sensitivityLabels) || self.sensitivityLabels.all(l, self.sensitivityLabels.filter(o, o.label =="
            + " l.label).size() == 1)",
    message =
        "each label may have one sensitivity only in models.sensitivityLabels: remove the"
            + " duplicate")
@ValidationRule(
    value =
        "!has(self.rules) || self.rules.all(r, self.rules.filter(o, o.sensitivity == r.sensitivity).size() == 1)",
    message = "each sensitivity may have one rule only in models.rules: merge the duplicates")
public class ModelRulesSpec {
  @Size(max = 50)
  @JsonPropertyDescription(
      "Sensitivity of labelled documents; unlabelled content is Internal. The most sensitive"
          + " label in the context decides.")
  private List<SensitivityLabel> sensitivityLabels = new ArrayList<>();

  @Size(max = 4)
  @JsonPropertyDescription(
      "Allowed hostings per sensitivity. Defaults: Public and Internal to any model,"
          + " Confidential and Secret to SelfHosted only.")
  private List<ModelRule> rules = new ArrayList<>();

  @JsonPropertyDescription(
      "When no configured model may receive the context: Fallback (the extractive answerer"
          + " answers) or Reject (no answer: the fallback message, reason model_not_allowed)."
          + " Defaults to Fallback.")
  private ModelViolationAction onViolation;
}
