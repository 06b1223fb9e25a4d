package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The desired state of a policy set. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.subjects) || self.subjects.all(s, self.subjects.filter(o, o.name =="
            + " s.name).size() == 1)",
    message = "subject names must be unique in spec.subjects: rename the duplicate")
@ValidationRule(
    value =
        "!has(self.readRules) || self.readRules.all(r, r.subjects.all(n, n == '*' ||"
            + " (has(self.subjects) && self.subjects.exists(s, s.name == n))))",
    message = "readRules[].subjects must name subjects of spec.subjects, or '*'")
@ValidationRule(
    value =
        "!has(self.toolRules) || self.toolRules.all(r, r.subjects.all(n, n == '*' ||"
            + " (has(self.subjects) && self.subjects.exists(s, s.name == n))))",
    message = "toolRules[].subjects must name subjects of spec.subjects, or '*'")
@ValidationRule(
    value =
        "!has(self.approvals) || !has(self.approvals.approvers) ||"
            + " self.approvals.approvers.all(n, has(self.subjects) && self.subjects.exists(s,"
            + " s.name == n))",
    message = "approvals.approvers must name subjects of spec.subjects")
@ValidationRule(
    value =
        "!has(self.subjects) || self.subjects.all(s, !has(s.attributes) || s.attributes.all(a,"
            + " has(self.identity) && has(self.identity.attributes) &&"
            + " self.identity.attributes.exists(i, i.name == a.attribute)))",
    message = "subjects[].attributes[].attribute must be declared in spec.identity.attributes")
public class PolicySetSpec {
  @Size(max = 2000)
  @JsonPropertyDescription("What this policy is for.")
  private String description;

  @JsonPropertyDescription("How the caller's token is read: roles claim and named attributes.")
  private IdentitySpec identity;

  @Size(max = 50)
  @JsonPropertyDescription("Classes of callers, at most 50.")
  private List<SubjectSpec> subjects = new ArrayList<>();

  @Size(max = 100)
  @JsonPropertyDescription(
      "Read rules, at most 100. A caller reads the union of the labels of every rule it"
          + " matches; with no rule it reads nothing.")
  private List<ReadRule> readRules = new ArrayList<>();

  @Size(max = 100)
  @JsonPropertyDescription("Tool rules, at most 100. A tool no rule allows is refused.")
  private List<ToolRule> toolRules = new ArrayList<>();

  @JsonPropertyDescription("Which models may receive which sensitivity of data.")
  private ModelRulesSpec models;

  @JsonPropertyDescription("Redaction of personal data.")
  private RedactionSpec redaction;

  @JsonPropertyDescription("Prompt-injection defence.")
  private InjectionDefenceSpec injection;

  @JsonPropertyDescription("Human approval settings.")
  private ApprovalSpec approvals;

  @JsonPropertyDescription("Rate limits and token budgets.")
  private LimitsSpec limits;

  @JsonPropertyDescription("The citation rule and its fallback.")
  private CitationSpec citations;

  @JsonPropertyDescription("Audit trail settings.")
  private AuditSpec audit;
}
