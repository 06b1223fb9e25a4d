package io.hubia.api.check;

import io.hubia.api.v1alpha1.spec.ClaimAttribute;
import io.hubia.api.v1alpha1.spec.PolicySetSpec;
import io.hubia.api.v1alpha1.spec.ReadRule;
import io.hubia.api.v1alpha1.spec.SubjectSpec;
import io.hubia.api.v1alpha1.spec.ToolRule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic checks of a PolicySet beyond its CRD rules: label templates name declared attributes,
 * argument patterns compile, durations parse, and rules name declared subjects.
 */
public final class PolicySetValidator {
  private static final Pattern TEMPLATE = Pattern.compile("\\$\\{([^}]*)}");

  private PolicySetValidator() {}

  /** Problems found, each saying what to fix; empty when the policy can be enforced. */
  public static List<String> validate(PolicySetSpec spec) {
    Problems problems = new Problems();
    if (spec == null) {
      return problems.add("spec is missing").list();
    }
    Set<String> attributes = new HashSet<>();
    if (spec.getIdentity() != null) {
      attributes.addAll(
          problems.unique(
              "spec.identity.attributes",
              spec.getIdentity().getAttributes().stream().map(ClaimAttribute::getName).toList()));
    }
    Set<String> subjects =
        problems.unique(
            "spec.subjects", spec.getSubjects().stream().map(SubjectSpec::getName).toList());
    for (SubjectSpec subject : spec.getSubjects()) {
      for (var match : subject.getAttributes()) {
        if (!attributes.contains(match.getAttribute())) {
          problems.add(
              "spec.subjects["
                  + subject.getName()
                  + "] matches attribute '"
                  + match.getAttribute()
                  + "', which spec.identity.attributes does not declare");
        }
      }
    }
    for (int i = 0; i < spec.getReadRules().size(); i++) {
      ReadRule rule = spec.getReadRules().get(i);
      String path = "spec.readRules[" + i + "]";
      checkSubjects(problems, path, rule.getSubjects(), subjects);
      for (String label : rule.getLabels()) {
        Matcher m = TEMPLATE.matcher(label);
        while (m.find()) {
          if (!attributes.contains(m.group(1))) {
            problems.add(
                path
                    + " label '"
                    + label
                    + "' uses ${"
                    + m.group(1)
                    + "}, which spec.identity.attributes does not declare");
          }
        }
      }
    }
    for (int i = 0; i < spec.getToolRules().size(); i++) {
      ToolRule rule = spec.getToolRules().get(i);
      String path = "spec.toolRules[" + i + "]";
      checkSubjects(problems, path, rule.getSubjects(), subjects);
      for (var argument : rule.getArguments()) {
        problems.regex(
            path + ".arguments[" + argument.getName() + "].pattern", argument.getPattern());
      }
    }
    if (spec.getApprovals() != null) {
      problems.duration("spec.approvals.timeout", spec.getApprovals().getTimeout());
      problems.subset("spec.approvals.approvers", spec.getApprovals().getApprovers(), subjects);
    }
    if (spec.getInjection() != null && spec.getInjection().getThreshold() != null) {
      double t = spec.getInjection().getThreshold();
      if (t < 0 || t > 1) {
        problems.add("spec.injection.threshold must be between 0 and 1");
      }
    }
    return problems.list();
  }

  private static void checkSubjects(
      Problems problems, String path, List<String> names, Set<String> subjects) {
    for (String name : names) {
      if (!"*".equals(name) && !subjects.contains(name)) {
        problems.add(path + " names subject '" + name + "', which spec.subjects does not declare");
      }
    }
  }
}
