package io.hubia.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.check.PolicySetValidator;
import io.hubia.api.v1alpha1.spec.ClaimAttribute;
import io.hubia.api.v1alpha1.spec.PolicySetSpec;
import io.hubia.api.v1alpha1.spec.SubjectSpec;
import io.hubia.operator.ExampleResources;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PolicySetValidatorTest {

  private static PolicySetSpec spec(Consumer<PolicySetSpec> change) {
    PolicySetSpec spec = ExampleResources.policy().getSpec();
    change.accept(spec);
    return spec;
  }

  private static Arguments problem(String name, Consumer<PolicySetSpec> change, String expected) {
    return Arguments.of(Named.of(name, change), expected);
  }

  static Stream<Arguments> singleProblems() {
    return Stream.of(
        problem(
            "attribute declared twice",
            s -> s.getIdentity().getAttributes().add(attribute("branch", "site")),
            "spec.identity.attributes lists 'branch' twice: names must be unique"),
        problem(
            "subject declared twice",
            s -> s.getSubjects().add(subject("member")),
            "spec.subjects lists 'member' twice: names must be unique"),
        problem(
            "subject without name",
            s -> s.getSubjects().add(subject(null)),
            "spec.subjects has an entry without a name"),
        problem(
            "subject matching an undeclared attribute",
            s -> s.getSubjects().get(1).getAttributes().get(0).setAttribute("region"),
            "spec.subjects[branch-staff] matches attribute 'region', which"
                + " spec.identity.attributes does not declare"),
        problem(
            "read rule naming an undeclared subject",
            s -> s.getReadRules().get(1).getSubjects().add("ghost"),
            "spec.readRules[1] names subject 'ghost', which spec.subjects does not declare"),
        problem(
            "read rule label using an undeclared attribute",
            s -> s.getReadRules().get(1).getLabels().add("site:${site}"),
            "spec.readRules[1] label 'site:${site}' uses ${site}, which spec.identity.attributes"
                + " does not declare"),
        problem(
            "tool rule naming an undeclared subject",
            s -> s.getToolRules().get(0).getSubjects().add("ghost"),
            "spec.toolRules[0] names subject 'ghost', which spec.subjects does not declare"),
        problem(
            "approval timeout",
            s -> s.getApprovals().setTimeout("1 day"),
            "spec.approvals.timeout '1 day' is not a duration such as 500ms, 30s, 2m or 1h30m"),
        problem(
            "undeclared approver",
            s -> s.getApprovals().getApprovers().add("ghost"),
            "spec.approvals.approvers names 'ghost', which is not declared (declared: [member,"
                + " branch-staff, supervisor])"),
        problem(
            "injection threshold above 1",
            s -> s.getInjection().setThreshold(1.5),
            "spec.injection.threshold must be between 0 and 1"),
        problem(
            "injection threshold below 0",
            s -> s.getInjection().setThreshold(-0.1),
            "spec.injection.threshold must be between 0 and 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleProblems")
  void eachProblemIsReportedOnceNamingItsField(Consumer<PolicySetSpec> change, String expected) {
    assertThat(PolicySetValidator.validate(spec(change))).containsExactly(expected);
  }

  @Test
  void anArgumentPatternThatDoesNotCompileIsReportedWithTheCompilersReason() {
    PolicySetSpec spec =
        spec(s -> s.getToolRules().get(0).getArguments().get(0).setPattern("^[0-9{6,12}$"));

    assertThat(PolicySetValidator.validate(spec))
        .singleElement()
        .asString()
        .startsWith(
            "spec.toolRules[0].arguments[number].pattern is not a valid regular expression: ")
        .contains("Unclosed character class");
  }

  @Test
  void withoutIdentityNoAttributeIsDeclared() {
    PolicySetSpec spec = spec(s -> s.setIdentity(null));

    assertThat(PolicySetValidator.validate(spec))
        .containsExactly(
            "spec.subjects[branch-staff] matches attribute 'branch', which"
                + " spec.identity.attributes does not declare",
            "spec.readRules[1] label 'branch:${branch}' uses ${branch}, which"
                + " spec.identity.attributes does not declare");
  }

  @Test
  void theFullExampleIsValid() {
    assertThat(PolicySetValidator.validate(ExampleResources.policy().getSpec())).isEmpty();
  }

  @Test
  void anEmptySpecIsValid() {
    assertThat(PolicySetValidator.validate(new PolicySetSpec())).isEmpty();
  }

  @Test
  void theWildcardSubjectNeedsNoDeclarationInAnyRule() {
    PolicySetSpec spec =
        spec(
            s -> {
              s.getReadRules().get(1).setSubjects(List.of("*"));
              s.getToolRules().get(0).setSubjects(List.of("*"));
            });

    assertThat(PolicySetValidator.validate(spec)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0})
  void thresholdBoundsAreAccepted(double threshold) {
    assertThat(PolicySetValidator.validate(spec(s -> s.getInjection().setThreshold(threshold))))
        .isEmpty();
  }

  @Test
  void aMissingSpecIsOneProblem() {
    assertThat(PolicySetValidator.validate(null)).containsExactly("spec is missing");
  }

  private static ClaimAttribute attribute(String name, String claim) {
    ClaimAttribute attribute = new ClaimAttribute();
    attribute.setName(name);
    attribute.setClaim(claim);
    return attribute;
  }

  private static SubjectSpec subject(String name) {
    SubjectSpec subject = new SubjectSpec();
    subject.setName(name);
    subject.getRoles().add("someone");
    return subject;
  }
}
