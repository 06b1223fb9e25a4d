package io.hubia.runtime.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.ApprovalSpec;
import io.hubia.api.v1alpha1.spec.ApprovalTimeoutAction;
import io.hubia.api.v1alpha1.spec.ToolRule;
import io.hubia.runtime.answer.model.ToolPolicy;
import io.hubia.runtime.policy.ToolRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApprovalToolPolicyTest {
  private static final Map<String, String> ARGS = Map.of("query", "congés payés", "page", "2");

  private static ToolPolicy rules() {
    ToolRule open = new ToolRule();
    open.setSubjects(List.of("*"));
    open.setTools(List.of("recherche"));
    ToolRule guarded = new ToolRule();
    guarded.setSubjects(List.of("*"));
    guarded.setTools(List.of("envoi-courriel"));
    guarded.setRequiresApproval(true);
    return ToolRules.compile(List.of(open, guarded)).policyFor(List.of("adherent"));
  }

  private static ApprovalRules withApprovers() {
    ApprovalSpec spec = new ApprovalSpec();
    spec.setApprovers(List.of("relecteur"));
    return ApprovalRules.compile(spec);
  }

  private static ApprovalRequest approved(String tool, Map<String, String> arguments) {
    return new ApprovalRequest(
        UUID.randomUUID(),
        "",
        "wf",
        ApprovalRequest.Kind.TOOL,
        "entreprise-martin",
        null,
        "q",
        null,
        Map.of(
            ApprovalToolPolicy.TOOL,
            tool,
            ApprovalToolPolicy.ARGUMENTS_SHA256,
            ApprovalToolPolicy.argumentsHash(arguments)),
        "tool_requires_approval",
        null,
        Instant.EPOCH,
        Instant.EPOCH.plus(Duration.ofHours(1)),
        ApprovalTimeoutAction.Reject,
        ApprovalRequest.Status.APPROVED,
        "claire",
        Instant.EPOCH,
        null,
        null,
        null);
  }

  @Test
  void callsWithoutApprovalRulesAreDecidedByTheToolRulesAlone() {
    ToolPolicy policy = ApprovalToolPolicy.of(rules(), withApprovers(), null);
    assertThat(policy.decide("recherche", ARGS)).isEqualTo(ToolPolicy.Decision.ALLOW);
    assertThat(policy.decide("annuaire", ARGS).reason()).isEqualTo("not_permitted");
  }

  @Test
  void aCallThatNeedsApprovalHoldsTheRequestWhenSomeoneCanApprove() {
    ToolPolicy.Decision decision =
        ApprovalToolPolicy.of(rules(), withApprovers(), null).decide("envoi-courriel", ARGS);
    assertThat(decision.awaitsApproval()).isTrue();
    assertThat(decision.reason()).isEqualTo(ToolPolicy.Decision.AWAIT_APPROVAL);
  }

  @Test
  void withoutApproversTheCallIsRefusedNotHeld() {
    ToolPolicy.Decision decision =
        ApprovalToolPolicy.of(rules(), ApprovalRules.NONE, null).decide("envoi-courriel", ARGS);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.awaitsApproval()).isFalse();
    assertThat(decision.reason()).isEqualTo(ToolPolicy.Decision.APPROVAL_REQUIRED);
  }

  @Test
  void aResumedRequestMakesTheApprovedCallAndNoOther() {
    ToolPolicy policy =
        ApprovalToolPolicy.of(rules(), withApprovers(), approved("envoi-courriel", ARGS));
    assertThat(policy.decide("envoi-courriel", Map.of("page", "2", "query", "congés payés")))
        .isEqualTo(ToolPolicy.Decision.ALLOW);
    assertThat(
            policy.decide("envoi-courriel", Map.of("query", "autre chose", "page", "2")).reason())
        .isEqualTo(ToolPolicy.Decision.NOT_APPROVED);
    // rules still decide the calls that need no approval
    assertThat(policy.decide("recherche", Map.of("query", "x")))
        .isEqualTo(ToolPolicy.Decision.ALLOW);
  }

  @Test
  void theArgumentsHashIsCanonicalAndUnambiguous() {
    assertThat(ApprovalToolPolicy.argumentsHash(Map.of("a", "1", "b", "2")))
        .isEqualTo(ApprovalToolPolicy.argumentsHash(Map.of("b", "2", "a", "1")))
        .hasSize(64);
    // "ab" + "" and "a" + "b" must not collide
    assertThat(ApprovalToolPolicy.argumentsHash(Map.of("x", "ab", "y", "")))
        .isNotEqualTo(ApprovalToolPolicy.argumentsHash(Map.of("x", "a", "y", "b")));
  }

  @Test
  void rulesWithoutApproversHoldNothingAndConfidenceIsComparedStrictly() {
    assertThat(ApprovalRules.NONE.enabled()).isFalse();
    assertThat(ApprovalRules.NONE.holdsAnswer(0.0)).isFalse();
    ApprovalSpec spec = new ApprovalSpec();
    spec.setApprovers(List.of("relecteur"));
    spec.setMinConfidence(0.6);
    spec.setTimeout("90m");
    spec.setOnTimeout(ApprovalTimeoutAction.Approve);
    ApprovalRules rules = ApprovalRules.compile(spec);
    assertThat(rules.holdsAnswer(0.59)).isTrue();
    assertThat(rules.holdsAnswer(0.6)).isFalse();
    assertThat(rules.timeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(rules.onTimeout()).isEqualTo(ApprovalTimeoutAction.Approve);
    assertThat(rules.mayDecide(List.of("adherent", "relecteur"))).isTrue();
    assertThat(rules.mayDecide(List.of("adherent"))).isFalse();
    // defaults: 24 h, then rejected
    ApprovalRules defaults = withApprovers();
    assertThat(defaults.timeout()).isEqualTo(Duration.ofHours(24));
    assertThat(defaults.onTimeout()).isEqualTo(ApprovalTimeoutAction.Reject);
    assertThat(defaults.holdsAnswer(0.01)).isFalse();
  }
}
