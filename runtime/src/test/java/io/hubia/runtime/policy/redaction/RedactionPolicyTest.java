package io.hubia.runtime.policy.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.RedactionSpec;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.hubia.runtime.audit.AuditEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionPolicyTest {
  private static final String EMAIL = "marie.dupont@exemple.fr";
  private static final String PHONE = "06 12 34 56 78";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private RedactionPolicy policy(RedactionTarget... targets) {
    RedactionSpec spec = new RedactionSpec();
    spec.setTargets(List.of(targets));
    return RedactionPolicy.compile("assistant", spec, new RedactionMetrics(registry));
  }

  private double counted(PersonalDataType type, RedactionTarget target) {
    var counter =
        registry
            .find("hubia.redactions")
            .tags("workflow", "assistant", "type", type.name(), "target", target.name())
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void withoutASectionEveryKindIsRedactedInLogsAndAudit() {
    RedactionPolicy defaults = RedactionPolicy.compile("assistant", null, RedactionMetrics.none());
    assertThat(defaults.targets())
        .containsExactlyInAnyOrder(RedactionTarget.Logs, RedactionTarget.Audit);
    assertThat(defaults.redactor().types()).containsExactly(PersonalDataType.values());
    assertThat(policy().targets()).isEqualTo(defaults.targets());
  }

  @Test
  void redactsOnlyItsTargetsAndCountsWhatItFound() {
    RedactionPolicy policy = policy(RedactionTarget.Question);
    RedactionTally tally = new RedactionTally();

    assertThat(policy.redact(RedactionTarget.Question, "Mail " + EMAIL + ", tél " + PHONE, tally))
        .isEqualTo("Mail [EMAIL], tél [PHONE]");
    assertThat(policy.redact(RedactionTarget.Answer, "Écrivez à " + EMAIL, tally))
        .isEqualTo("Écrivez à " + EMAIL);

    assertThat(tally.counts(RedactionTarget.Question))
        .containsOnly(Map.entry(PersonalDataType.Email, 1), Map.entry(PersonalDataType.Phone, 1));
    assertThat(tally.counts(RedactionTarget.Answer)).isEmpty();
    assertThat(counted(PersonalDataType.Email, RedactionTarget.Question)).isEqualTo(1.0);
    assertThat(counted(PersonalDataType.Email, RedactionTarget.Answer)).isZero();
  }

  @Test
  void theAuditEventKeepsNoPersonalDataAndRecordsTheCountsPerTarget() {
    RedactionPolicy policy = policy(RedactionTarget.Question, RedactionTarget.Audit);
    RedactionTally tally = new RedactionTally();
    String question = policy.redact(RedactionTarget.Question, "Mon mail : " + EMAIL, tally);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "marie");
    claims.put("email", EMAIL);
    claims.put("contacts", List.of(Map.of("tel", PHONE), "x"));
    claims.put("exp", 1767225600L);
    claims.put("none", null);
    AuditEvent event =
        AuditEvent.builder()
            .workflow("assistant")
            .subject("marie")
            .claims(claims)
            .question(question)
            .answer("Le service RH répond au " + PHONE + " [1].")
            .decisions(
                List.of(
                    new AuditEvent.Decision("read-rules", "labels", "2 labels"),
                    new AuditEvent.Decision("tool:annuaire", "ALLOWED", "query=" + EMAIL)))
            .build();

    AuditEvent stored = policy.audit(event, tally);

    assertThat(stored.toString()).doesNotContain(EMAIL).doesNotContain(PHONE);
    assertThat(stored.question()).isEqualTo("Mon mail : [EMAIL]");
    assertThat(stored.answer()).isEqualTo("Le service RH répond au [PHONE] [1].");
    assertThat(stored.claims())
        .containsEntry("sub", "marie")
        .containsEntry("email", "[EMAIL]")
        .containsEntry("contacts", List.of(Map.of("tel", "[PHONE]"), "x"))
        .containsEntry("exp", 1767225600L)
        .containsEntry("none", null);
    assertThat(stored.decisions())
        .containsExactly(
            new AuditEvent.Decision("read-rules", "labels", "2 labels"),
            new AuditEvent.Decision("tool:annuaire", "ALLOWED", "query=[EMAIL]"),
            new AuditEvent.Decision("redaction:question", "redacted", "Email=1"),
            new AuditEvent.Decision("redaction:audit", "redacted", "Email=2, Phone=2"));
    assertThat(counted(PersonalDataType.Phone, RedactionTarget.Audit)).isEqualTo(2.0);
  }

  @Test
  void withoutTheAuditTargetTheEventIsKeptAsItIsButStillGetsTheCounts() {
    RedactionPolicy policy = policy(RedactionTarget.Answer);
    RedactionTally tally = new RedactionTally();
    String answer = policy.redact(RedactionTarget.Answer, "Appelez le " + PHONE, tally);
    AuditEvent stored =
        policy.audit(
            AuditEvent.builder().workflow("assistant").question(EMAIL).answer(answer).build(),
            tally);
    assertThat(stored.question()).isEqualTo(EMAIL);
    assertThat(stored.answer()).isEqualTo("Appelez le [PHONE]");
    assertThat(stored.decisions())
        .containsExactly(new AuditEvent.Decision("redaction:answer", "redacted", "Phone=1"));
  }

  @Test
  void nothingFoundAddsNoDecision() {
    RedactionTally tally = new RedactionTally();
    AuditEvent stored =
        policy(RedactionTarget.Audit)
            .audit(
                AuditEvent.builder().workflow("assistant").question("Combien de jours ?").build(),
                tally);
    assertThat(stored.decisions()).isEmpty();
  }
}
