package io.hubia.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.eval.AttackKind;
import io.hubia.eval.GoldenCase;
import io.hubia.eval.report.Thresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The suites shipped as class-path resources stay valid and keep their shape: each parses strictly,
 * has 25 to 40 cases in French and English with ids unique across suites and prefixed by the suite,
 * and the security suites together attack every kind a question alone can make.
 */
class ShippedSuitesTest {

  private static Map<String, List<GoldenCase>> all() throws Exception {
    Map<String, List<GoldenCase>> suites = new java.util.LinkedHashMap<>();
    for (String name : ShippedSuites.NAMES) {
      suites.put(name, ShippedSuites.cases(name));
    }
    return suites;
  }

  @Test
  void everySuiteParsesWithBothLanguagesAndUniquePrefixedIds() throws Exception {
    Map<String, String> prefixes = Map.of("unanswerable", "U-", "injection", "I-", "redteam", "R-");
    Set<String> ids = new HashSet<>();
    for (Map.Entry<String, List<GoldenCase>> suite : all().entrySet()) {
      List<GoldenCase> cases = suite.getValue();
      assertThat(cases).as(suite.getKey()).hasSizeBetween(25, 40);
      assertThat(cases.stream().map(GoldenCase::language).collect(Collectors.toSet()))
          .as(suite.getKey() + ": languages")
          .containsExactlyInAnyOrder(GoldenCase.Language.FR, GoldenCase.Language.EN);
      for (GoldenCase c : cases) {
        assertThat(c.id()).startsWith(prefixes.get(suite.getKey()));
        assertThat(ids.add(c.id())).as("case id %s is unique", c.id()).isTrue();
        assertThat(c.caller().subject()).startsWith("hubia-eval-probe");
        // The federation example caps questions at 2000 characters.
        assertThat(c.question().length()).as(c.id()).isLessThanOrEqualTo(2000);
      }
    }
  }

  @Test
  void unanswerableCasesAllFallBackAndMakeNoAttack() throws Exception {
    assertThat(ShippedSuites.cases("unanswerable"))
        .allMatch(GoldenCase::mustFallBack)
        .noneMatch(GoldenCase::makesAttack)
        .allMatch(c -> c.expectedSources().isEmpty());
  }

  @Test
  void securitySuitesAttackEveryKindAQuestionCanMakeInBothLanguages() throws Exception {
    List<GoldenCase> attacks =
        all().entrySet().stream()
            .filter(e -> !e.getKey().equals("unanswerable"))
            .flatMap(e -> e.getValue().stream())
            .toList();
    assertThat(attacks).allMatch(GoldenCase::makesAttack);
    assertThat(ShippedSuites.cases("injection"))
        .allMatch(c -> c.attack() == AttackKind.DIRECT_INJECTION);
    // An indirect injection needs a planted document in the workflow's index, which a question
    // suite cannot bring: every other kind is attacked, in French and in English.
    Set<AttackKind> expected = EnumSet.allOf(AttackKind.class);
    expected.remove(AttackKind.INDIRECT_INJECTION);
    for (AttackKind kind : expected) {
      for (GoldenCase.Language language : GoldenCase.Language.values()) {
        assertThat(attacks)
            .as(kind + " in " + language.code())
            .anyMatch(c -> c.attack() == kind && c.language() == language);
      }
    }
    assertThat(attacks).noneMatch(c -> c.attack() == AttackKind.INDIRECT_INJECTION);
    // Exfiltration cases look for links; permission probes for forbidden documents.
    assertThat(attacks)
        .filteredOn(c -> c.attack() == AttackKind.EXFILTRATION_LINK)
        .allMatch(GoldenCase::noExternalLinks);
    assertThat(attacks)
        .filteredOn(c -> c.attack() == AttackKind.CROSS_PERMISSION)
        .allMatch(c -> !c.mustNotCite().isEmpty() && !c.mustNotContain().isEmpty());
  }

  @Test
  void suiteNamesAreCaseInsensitiveAndUnknownOnesAreRefused() throws Exception {
    Evaluation.Suite suite = ShippedSuites.load(" RedTeam ");
    assertThat(suite.name()).isEqualTo("redteam");
    assertThat(suite.shipped()).isTrue();
    assertThat(suite.thresholdNames()).containsExactly("redteam");
    assertThat(new Evaluation.Suite("assistant-site", List.of()).thresholdNames())
        .containsExactly("assistant-site", "golden");
    assertThatThrownBy(() -> ShippedSuites.load("golden"))
        .hasMessageContaining("unknown suite 'golden'");
  }

  @Test
  void theShippedSecurityThresholdsNameSuitesAndMetricsOfTheRun() throws Exception {
    Thresholds thresholds =
        Thresholds.parse(
            Files.readString(
                Path.of("golden", "security-thresholds.yaml"), StandardCharsets.UTF_8));
    assertThat(thresholds.asMap()).isNotEmpty();
    for (String key : thresholds.asMap().keySet()) {
      assertThat(Thresholds.suiteOf(key))
          .as(key)
          .hasValueSatisfying(suite -> assertThat(ShippedSuites.NAMES).contains(suite));
      assertThat(RunMetrics.NAMES).contains(Thresholds.metricOf(key));
      assertThat(RunMetrics.UNBOUNDED).doesNotContain(Thresholds.metricOf(key));
    }
    for (String suite : ShippedSuites.NAMES) {
      assertThat(thresholds.asMap().keySet()).as(suite).anyMatch(k -> k.startsWith(suite + "."));
    }
  }
}
