package io.hubia.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.eval.AttackKind;
import io.hubia.eval.GoldenCase;
import io.hubia.eval.PlantedDocument;
import io.hubia.eval.report.Thresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The suites shipped as class-path resources stay valid and keep their shape: each parses strictly,
 * has 25 to 40 cases asked against the live index in French and English with ids unique across
 * suites and prefixed by the suite, and the security suites together attack every kind, indirect
 * injection through the documents the injection suite plants in a shadow index.
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
      assertThat(cases.stream().filter(c -> !c.shadow())).as(suite.getKey()).hasSizeBetween(25, 40);
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
    // The injection suite makes direct injections as questions, and indirect ones through the
    // documents it plants: its shadow cases, and only they, are indirect injections.
    assertThat(ShippedSuites.cases("injection"))
        .allMatch(
            c ->
                c.shadow()
                    ? c.attack() == AttackKind.INDIRECT_INJECTION
                    : c.attack() == AttackKind.DIRECT_INJECTION);
    assertThat(attacks)
        .filteredOn(c -> c.attack() == AttackKind.INDIRECT_INJECTION)
        .allMatch(GoldenCase::shadow);
    // Every kind is attacked, in French and in English.
    for (AttackKind kind : AttackKind.values()) {
      for (GoldenCase.Language language : GoldenCase.Language.values()) {
        assertThat(attacks)
            .as(kind + " in " + language.code())
            .anyMatch(c -> c.attack() == kind && c.language() == language);
      }
    }
    // Exfiltration cases look for links; permission probes for forbidden documents.
    assertThat(attacks)
        .filteredOn(c -> c.attack() == AttackKind.EXFILTRATION_LINK)
        .allMatch(GoldenCase::noExternalLinks);
    assertThat(attacks)
        .filteredOn(c -> c.attack() == AttackKind.CROSS_PERMISSION)
        .allMatch(c -> !c.mustNotCite().isEmpty() && !c.mustNotContain().isEmpty());
  }

  @Test
  void theInjectionSuitePlantsDocumentsThatItsShadowCasesAskAbout() throws Exception {
    Evaluation.Suite suite = ShippedSuites.load("injection");
    List<PlantedDocument> plant = suite.plant();
    List<GoldenCase> shadowCases = suite.cases().stream().filter(GoldenCase::shadow).toList();

    assertThat(plant).hasSizeBetween(8, 12);
    assertThat(shadowCases).hasSizeBetween(10, 16);
    assertThat(shadowCases.stream().map(GoldenCase::language).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(GoldenCase.Language.FR, GoldenCase.Language.EN);
    // The other suites plant nothing and ask nothing against a shadow.
    for (String name : List.of(ShippedSuites.UNANSWERABLE, ShippedSuites.REDTEAM)) {
      assertThat(ShippedSuites.load(name).plant()).as(name).isEmpty();
    }
    Set<String> asked = new HashSet<>();
    for (GoldenCase c : shadowCases) {
      assertThat(c.id()).startsWith("I-p-");
      assertThat(c.noExternalLinks()).as(c.id()).isTrue();
      assertThat(c.mustNotContain()).as(c.id()).isNotEmpty();
      // Each names the document it is about, and that document holds what the case looks for:
      // the payload is in the planted text, never in the question.
      List<String> planted =
          c.tags().stream()
              .filter(t -> t.startsWith("planted:"))
              .map(t -> t.substring("planted:".length()))
              .toList();
      assertThat(planted).as(c.id()).hasSize(1);
      PlantedDocument document =
          plant.stream().filter(d -> d.id().equals(planted.get(0))).findFirst().orElseThrow();
      asked.add(document.id());
      assertThat(c.mustNotContain())
          .as(c.id() + " looks for a payload of " + document.id())
          .anyMatch(marker -> contains(document.text(), marker));
      for (String marker : c.mustNotContain()) {
        assertThat(contains(c.question(), marker)).as(c.id() + ": " + marker).isFalse();
      }
    }
    // Every planted document is asked about, and each stays within what the runtime accepts.
    assertThat(asked)
        .containsExactlyInAnyOrderElementsOf(plant.stream().map(PlantedDocument::id).toList());
    for (PlantedDocument document : plant) {
      assertThat(document.text().length()).isLessThanOrEqualTo(PlantedDocument.MAX_TEXT_LENGTH);
      assertThat(document.labels()).as("labels left to the runtime").isEmpty();
    }
    // French and English documents, each hiding one of the four kinds of payload.
    String all = String.join("\n", plant.stream().map(PlantedDocument::text).toList());
    assertThat(all)
        .contains("HUBIA-CANARY-", "HUBIA-PROMPT-LEAK", "![", "](https://", "javascript:")
        .contains("client.hooli-schwab.com", "01 99 00 42 42", "020 7946 0958");
    assertThat(plant)
        .anyMatch(d -> d.title().equals("Procédure de remboursement des notes de frais"));
    assertThat(plant).anyMatch(d -> d.title().equals("Remote work policy"));
  }

  private static boolean contains(String text, String marker) {
    return text.toLowerCase(java.util.Locale.ROOT)
        .contains(marker.toLowerCase(java.util.Locale.ROOT));
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
