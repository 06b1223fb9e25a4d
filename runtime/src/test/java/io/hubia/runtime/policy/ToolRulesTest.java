package io.hubia.runtime.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.ArgumentLimit;
import io.hubia.api.v1alpha1.spec.ToolRule;
import io.hubia.runtime.answer.model.ToolPolicy;
import io.hubia.runtime.answer.model.ToolPolicy.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolRulesTest {

  private static ToolRule rule(List<String> subjects, List<String> tools, ArgumentLimit... limits) {
    ToolRule rule = new ToolRule();
    rule.setSubjects(subjects);
    rule.setTools(tools);
    rule.setArguments(new ArrayList<>(List.of(limits)));
    return rule;
  }

  private static ArgumentLimit limit(
      String name, Integer maxLength, String pattern, String... allowed) {
    ArgumentLimit limit = new ArgumentLimit();
    limit.setName(name);
    limit.setMaxLength(maxLength);
    limit.setPattern(pattern);
    limit.setAllowedValues(new ArrayList<>(List.of(allowed)));
    return limit;
  }

  private static String reason(
      ToolRules rules, List<String> subjects, String tool, Map<String, String> args) {
    Decision d = rules.decide(subjects, tool, args);
    return d.allowed() ? "allowed" : d.reason();
  }

  @Test
  void noRuleDeniesEverything() {
    assertThat(reason(ToolRules.compile(null), List.of("rh"), "annuaire", Map.of()))
        .isEqualTo("not_permitted");
    assertThat(reason(ToolRules.compile(List.of()), List.of("rh"), "annuaire", Map.of()))
        .isEqualTo("not_permitted");
  }

  @Test
  void aRuleNamesSubjectsAndTools() {
    ToolRules rules = ToolRules.compile(List.of(rule(List.of("rh", "paie"), List.of("annuaire"))));
    assertThat(reason(rules, List.of("paie"), "annuaire", Map.of())).isEqualTo("allowed");
    assertThat(reason(rules, List.of("x", "rh"), "annuaire", Map.of())).isEqualTo("allowed");
    assertThat(reason(rules, List.of("juridique"), "annuaire", Map.of()))
        .isEqualTo("not_permitted");
    assertThat(reason(rules, List.of(), "annuaire", Map.of())).isEqualTo("not_permitted");
    assertThat(reason(rules, List.of("rh"), "recherche-rh", Map.of())).isEqualTo("not_permitted");
  }

  @Test
  void wildcardsMatchEverySubjectOrTool() {
    ToolRules anyone = ToolRules.compile(List.of(rule(List.of("*"), List.of("annuaire"))));
    assertThat(reason(anyone, List.of("qui-que-ce-soit"), "annuaire", Map.of()))
        .isEqualTo("allowed");
    assertThat(reason(anyone, List.of("rh"), "autre", Map.of())).isEqualTo("not_permitted");
    ToolRules anything = ToolRules.compile(List.of(rule(List.of("rh"), List.of("*"))));
    assertThat(reason(anything, List.of("rh"), "autre", Map.of())).isEqualTo("allowed");
    assertThat(reason(anything, List.of("paie"), "autre", Map.of())).isEqualTo("not_permitted");
  }

  @Test
  void eachLimitIsChecked() {
    ToolRules rules =
        ToolRules.compile(
            List.of(
                rule(
                    List.of("*"),
                    List.of("annuaire"),
                    limit("nom", 10, "[\\p{L} -]+"),
                    limit("service", null, null, "RH", "Paie"))));
    assertThat(reason(rules, List.of("a"), "annuaire", Map.of("nom", "Hélène", "service", "RH")))
        .isEqualTo("allowed");
    assertThat(
            reason(
                rules, List.of("a"), "annuaire", Map.of("nom", "Martin-Dupont", "service", "RH")))
        .isEqualTo("argument_too_long:nom");
    assertThat(reason(rules, List.of("a"), "annuaire", Map.of("nom", "Martin'--", "service", "RH")))
        .isEqualTo("argument_pattern:nom");
    // the pattern matches the whole value, not a part of it
    assertThat(reason(rules, List.of("a"), "annuaire", Map.of("nom", "Ma/rtin", "service", "RH")))
        .isEqualTo("argument_pattern:nom");
    assertThat(reason(rules, List.of("a"), "annuaire", Map.of("nom", "Martin", "service", "rh")))
        .isEqualTo("argument_not_allowed:service");
    // arguments without a limit are not checked
    assertThat(
            reason(
                rules,
                List.of("a"),
                "annuaire",
                Map.of("nom", "Martin", "service", "Paie", "autre", "x".repeat(500))))
        .isEqualTo("allowed");
  }

  @Test
  void maxLengthCountsCharactersNotUtf16Units() {
    ToolRules rules =
        ToolRules.compile(List.of(rule(List.of("*"), List.of("t"), limit("q", 2, null))));
    assertThat(reason(rules, List.of("a"), "t", Map.of("q", "😀😀"))).isEqualTo("allowed");
    assertThat(reason(rules, List.of("a"), "t", Map.of("q", "😀😀😀")))
        .isEqualTo("argument_too_long:q");
  }

  @Test
  void aMissingArgumentCountsAsTheEmptyString() {
    ToolRules rules =
        ToolRules.compile(
            List.of(
                rule(
                    List.of("*"),
                    List.of("t"),
                    limit("court", 5, null),
                    limit("chiffres", null, "[0-9]*"),
                    limit("choix", null, null, "a", "b"))));
    // maxLength and a pattern that accepts "" pass; allowedValues without "" do not
    assertThat(reason(rules, List.of("x"), "t", Map.of())).isEqualTo("argument_not_allowed:choix");
    ToolRules strict =
        ToolRules.compile(List.of(rule(List.of("*"), List.of("t"), limit("id", null, "[0-9]+"))));
    assertThat(reason(strict, List.of("x"), "t", Map.of())).isEqualTo("argument_pattern:id");
  }

  @Test
  void oneSatisfiedRuleIsEnough() {
    ToolRules rules =
        ToolRules.compile(
            List.of(
                rule(List.of("rh"), List.of("annuaire"), limit("service", null, null, "RH")),
                rule(List.of("direction"), List.of("*")),
                rule(List.of("rh"), List.of("annuaire"), limit("service", null, null, "Paie"))));
    assertThat(reason(rules, List.of("rh"), "annuaire", Map.of("service", "Paie")))
        .isEqualTo("allowed");
    // none satisfied: the first broken limit of the first rule naming the caller and the tool
    assertThat(reason(rules, List.of("rh"), "annuaire", Map.of("service", "Juridique")))
        .isEqualTo("argument_not_allowed:service");
    assertThat(reason(rules, List.of("rh", "direction"), "annuaire", Map.of("service", "X")))
        .isEqualTo("allowed");
  }

  @Test
  void approvalRequiredIsRefusedWithItsReason() {
    ToolRule needsApproval = rule(List.of("rh"), List.of("annuaire"), limit("nom", 10, null));
    needsApproval.setRequiresApproval(true);
    ToolRules rules = ToolRules.compile(List.of(needsApproval));
    assertThat(reason(rules, List.of("rh"), "annuaire", Map.of("nom", "Martin")))
        .isEqualTo("approval_required");
    // limits are checked first: a call that breaks them is refused for that
    assertThat(reason(rules, List.of("rh"), "annuaire", Map.of("nom", "x".repeat(11))))
        .isEqualTo("argument_too_long:nom");
    // another rule allowing without approval wins
    ToolRules both =
        ToolRules.compile(List.of(needsApproval, rule(List.of("*"), List.of("annuaire"))));
    assertThat(reason(both, List.of("rh"), "annuaire", Map.of("nom", "Martin")))
        .isEqualTo("allowed");
  }

  @Test
  void anInvalidPatternAllowsNothing() {
    ToolRules rules =
        ToolRules.compile(List.of(rule(List.of("*"), List.of("t"), limit("q", null, "[a-"))));
    assertThat(reason(rules, List.of("x"), "t", Map.of("q", "a"))).isEqualTo("argument_pattern:q");
  }

  @Test
  void aCatastrophicPatternDeniesInsteadOfHanging() {
    ToolRules rules =
        ToolRules.compile(List.of(rule(List.of("*"), List.of("t"), limit("q", null, "(a+)+b"))));
    long start = System.nanoTime();
    assertThat(reason(rules, List.of("x"), "t", Map.of("q", "a".repeat(40) + "c")))
        .isEqualTo("argument_pattern:q");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(reason(rules, List.of("x"), "t", Map.of("q", "aaab"))).isEqualTo("allowed");
  }

  @Test
  void thePolicyOfARequestDecidesForItsCaller() {
    ToolPolicy policy =
        ToolRules.compile(List.of(rule(List.of("rh"), List.of("annuaire"), limit("nom", 3, null))))
            .policyFor(List.of("rh"));
    assertThat(policy.allowed("annuaire", Map.of("nom", "Li"))).isTrue();
    assertThat(policy.decide("annuaire", Map.of("nom", "Martin")))
        .isEqualTo(Decision.deny("argument_too_long:nom"));
    assertThat(policy.decide("annuaire", Map.of("nom", "Martin")).kind())
        .isEqualTo("argument_too_long");
    assertThat(policy.decide("autre", Map.of()).reason()).isEqualTo("not_permitted");
  }
}
