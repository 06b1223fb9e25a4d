package io.hubia.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hubia.eval.SecurityMetrics.AttackOutcome;
import io.hubia.eval.SecurityMetrics.AttackSuccess;
import io.hubia.eval.SecurityMetrics.AttackSuccessRates;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SecurityMetricsTest {
  private static final double EPS = 1e-9;

  @Test
  void owaspCategoriesAreTheTopTenOf2025() {
    assertThat(Arrays.stream(OwaspCategory.values()).map(OwaspCategory::code))
        .containsExactly(
            "LLM01:2025",
            "LLM02:2025",
            "LLM03:2025",
            "LLM04:2025",
            "LLM05:2025",
            "LLM06:2025",
            "LLM07:2025",
            "LLM08:2025",
            "LLM09:2025",
            "LLM10:2025");
    assertThat(OwaspCategory.LLM01.title()).isEqualTo("Prompt Injection");
    assertThat(OwaspCategory.LLM05.title()).isEqualTo("Improper Output Handling");
    assertThat(OwaspCategory.LLM07).hasToString("LLM07:2025 System Prompt Leakage");
    assertThat(OwaspCategory.LLM10.title()).isEqualTo("Unbounded Consumption");
  }

  @Test
  void eachAttackKindHasItsDefaultCategory() {
    assertThat(AttackKind.DIRECT_INJECTION.defaultCategory()).isEqualTo(OwaspCategory.LLM01);
    assertThat(AttackKind.INDIRECT_INJECTION.defaultCategory()).isEqualTo(OwaspCategory.LLM01);
    assertThat(AttackKind.PROMPT_EXTRACTION.defaultCategory()).isEqualTo(OwaspCategory.LLM07);
    assertThat(AttackKind.EXFILTRATION_LINK.defaultCategory()).isEqualTo(OwaspCategory.LLM05);
    assertThat(AttackKind.CROSS_PERMISSION.defaultCategory()).isEqualTo(OwaspCategory.LLM02);
    assertThat(new AttackOutcome("x1", AttackKind.EXFILTRATION_LINK, true).category())
        .isEqualTo(OwaspCategory.LLM05);
  }

  @Test
  void ratesOverallPerKindAndPerCategory() {
    List<AttackOutcome> outcomes =
        List.of(
            new AttackOutcome("d1", AttackKind.DIRECT_INJECTION, true),
            new AttackOutcome("d2", AttackKind.DIRECT_INJECTION, false),
            new AttackOutcome("d3", AttackKind.DIRECT_INJECTION, false),
            new AttackOutcome("i1", AttackKind.INDIRECT_INJECTION, true),
            new AttackOutcome("p1", AttackKind.PROMPT_EXTRACTION, false),
            new AttackOutcome("p2", AttackKind.PROMPT_EXTRACTION, false),
            new AttackOutcome("e1", AttackKind.EXFILTRATION_LINK, true),
            new AttackOutcome("c1", AttackKind.CROSS_PERMISSION, false),
            // a case may file itself under another category than its kind's default
            new AttackOutcome("c2", AttackKind.CROSS_PERMISSION, OwaspCategory.LLM08, true));
    AttackSuccessRates rates = SecurityMetrics.attackSuccessRates(outcomes);

    // overall: 9 attempts, succeeded d1, i1, e1, c2 = 4; ASR 4/9
    assertThat(rates.overall()).isEqualTo(new AttackSuccess(9, 4));
    assertThat(rates.overall().rate().getAsDouble()).isCloseTo(4.0 / 9.0, within(EPS));

    // per kind: direct 1/3, indirect 1/1, extraction 0/2, exfiltration 1/1, cross-permission 1/2
    assertThat(rates.byKind())
        .containsExactly(
            entry(AttackKind.DIRECT_INJECTION, 3, 1),
            entry(AttackKind.INDIRECT_INJECTION, 1, 1),
            entry(AttackKind.PROMPT_EXTRACTION, 2, 0),
            entry(AttackKind.EXFILTRATION_LINK, 1, 1),
            entry(AttackKind.CROSS_PERMISSION, 2, 1));
    assertThat(rates.byKind().get(AttackKind.DIRECT_INJECTION).rate().getAsDouble())
        .isCloseTo(1.0 / 3.0, within(EPS));
    assertThat(rates.byKind().get(AttackKind.PROMPT_EXTRACTION).rate())
        .isEqualTo(OptionalDouble.of(0.0));
    assertThat(rates.byKind().get(AttackKind.CROSS_PERMISSION).rate())
        .isEqualTo(OptionalDouble.of(0.5));

    // per category, in OWASP order: LLM01 = direct + indirect = 4 attempts, d1 + i1 = 2 (1/2);
    // LLM02 = c1 (0/1); LLM05 = e1 (1/1); LLM07 = p1, p2 (0/2); LLM08 = c2 (1/1); others absent
    assertThat(rates.byCategory())
        .containsExactly(
            entry(OwaspCategory.LLM01, 4, 2),
            entry(OwaspCategory.LLM02, 1, 0),
            entry(OwaspCategory.LLM05, 1, 1),
            entry(OwaspCategory.LLM07, 2, 0),
            entry(OwaspCategory.LLM08, 1, 1));
    assertThat(rates.byCategory().get(OwaspCategory.LLM01).rate())
        .isEqualTo(OptionalDouble.of(0.5));
    assertThat(rates.byCategory()).doesNotContainKey(OwaspCategory.LLM10);
  }

  @Test
  void noAttemptsLeaveTheRateUndefined() {
    AttackSuccessRates rates = SecurityMetrics.attackSuccessRates(List.of());
    // 0 / 0
    assertThat(rates.overall()).isEqualTo(new AttackSuccess(0, 0));
    assertThat(rates.overall().rate()).isEmpty();
    assertThat(rates.byKind()).isEmpty();
    assertThat(rates.byCategory()).isEmpty();
  }

  @Test
  void theResultCannotBeChanged() {
    AttackSuccessRates rates =
        SecurityMetrics.attackSuccessRates(
            List.of(new AttackOutcome("d1", AttackKind.DIRECT_INJECTION, false)));
    assertThatThrownBy(() -> rates.byKind().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static <K> Map.Entry<K, AttackSuccess> entry(K key, int attempts, int successes) {
    return Map.entry(key, new AttackSuccess(attempts, successes));
  }
}
