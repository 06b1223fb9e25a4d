package io.hubia.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerMetricsTest {
  private static final double EPS = 1e-9;

  @Test
  void normaliseFoldsCaseAccentsElisionsArticlesAndCitations() {
    assertThat(AnswerMetrics.normalise("L'adhésion à l'antenne de Lyon coûte 150 € [1]."))
        .containsExactly("adhesion", "antenne", "lyon", "coute", "150");
  }

  @Test
  void normaliseHandlesCurlyApostrophesLigaturesAndCapitals() {
    assertThat(AnswerMetrics.normalise("Œuvres sociales d’entreprise : LES DÉLÉGUÉS"))
        .containsExactly("oeuvres", "sociales", "entreprise", "delegues");
  }

  @Test
  void normaliseKeepsDecimalsWholeWithAPoint() {
    assertThat(AnswerMetrics.normalise("Le taux passe de 1,5 % à 1.75 % [2, 3]"))
        .containsExactly("taux", "passe", "1.5", "1.75");
  }

  @Test
  void normaliseDropsEnglishArticles() {
    assertThat(AnswerMetrics.normalise("The fee is an annual amount, a flat one."))
        .containsExactly("fee", "is", "annual", "amount", "flat", "one");
  }

  @Test
  void normaliseOfNothingIsEmpty() {
    assertThat(AnswerMetrics.normalise(null)).isEmpty();
    assertThat(AnswerMetrics.normalise("  ")).isEmpty();
    assertThat(AnswerMetrics.normalise("Le, la, les... [4]")).isEmpty();
  }

  @Test
  void tokenF1CountsSharedTokens() {
    // answer    -> [cotisation, annuelle, est, 150]
    // reference -> [cotisation, annuelle, s, eleve, 150]
    // 3 shared: P = 3/4, R = 3/5, F1 = 2 * 0.75 * 0.6 / 1.35 = 2/3
    assertThat(
            AnswerMetrics.tokenF1(
                "La cotisation annuelle est de 150 € [1].",
                "La cotisation annuelle s'élève à 150 €."))
        .isCloseTo(2.0 / 3.0, within(EPS));
  }

  @Test
  void tokenF1CountsRepeatedTokensOnlyAsOftenAsTheReferenceHasThem() {
    // [150, 150, 150] vs [150, euros]: 1 shared, P = 1/3, R = 1/2, F1 = 0.4
    assertThat(AnswerMetrics.tokenF1("150 150 150", "150 euros")).isCloseTo(0.4, within(EPS));
  }

  @Test
  void tokenF1EdgeCases() {
    assertThat(AnswerMetrics.tokenF1("", "")).isEqualTo(1.0);
    assertThat(AnswerMetrics.tokenF1("Les.", "")).isEqualTo(1.0);
    assertThat(AnswerMetrics.tokenF1("", "150 €")).isEqualTo(0.0);
    assertThat(AnswerMetrics.tokenF1("Je ne sais pas.", "150 €")).isEqualTo(0.0);
    assertThat(AnswerMetrics.tokenF1("Réunion à Lyon", "reunion lyon")).isEqualTo(1.0);
  }

  @Test
  void exactMatchIgnoresFormButNotOrder() {
    assertThat(
            AnswerMetrics.exactMatch(
                "L'Assemblée générale a lieu le 12 juin 2025 [2].",
                "assemblee generale a lieu 12 juin 2025"))
        .isTrue();
    assertThat(
            AnswerMetrics.exactMatch(
                "Le 12 juin 2025, l'assemblée générale a lieu.",
                "L'assemblée générale a lieu le 12 juin 2025."))
        .isFalse();
    assertThat(AnswerMetrics.exactMatch("150 €", "151 €")).isFalse();
  }

  @Test
  void keyFactCoverageIsTheShareOfFactsWhoseTokensAllAppear() {
    String answer = "La cotisation de 150 € est due avant le 31 mars [1].";
    // "150 €" -> [150] stated; "avant le 31 mars" -> [avant, 31, mars] stated;
    // "prélèvement automatique" -> not stated: 2 of 3.
    assertThat(
            AnswerMetrics.keyFactCoverage(
                    answer, List.of("150 €", "avant le 31 mars", "prélèvement automatique"))
                .getAsDouble())
        .isCloseTo(2.0 / 3.0, within(EPS));
  }

  @Test
  void keyFactNeedsEveryTokenNotJustSome() {
    // "31 mars" is stated, "30 avril" is not: the fact "avant le 30 avril" has [avant, 30, avril],
    // of which only "avant" appears.
    assertThat(
            AnswerMetrics.keyFactCoverage("Réponse avant le 31 mars.", List.of("avant le 30 avril"))
                .getAsDouble())
        .isEqualTo(0.0);
    assertThat(
            AnswerMetrics.keyFactCoverage(
                    "L'ASSEMBLEE GENERALE se tient à Lyon.", List.of("assemblée générale"))
                .getAsDouble())
        .isEqualTo(1.0);
  }

  @Test
  void keyFactCoverageWithoutFactsIsNotApplicable() {
    assertThat(AnswerMetrics.keyFactCoverage("150 €", List.of())).isEmpty();
  }

  @Test
  void keyFactWithNoWordsIsRefused() {
    assertThatThrownBy(() -> AnswerMetrics.keyFactCoverage("150 €", List.of("les")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'les'");
  }
}
