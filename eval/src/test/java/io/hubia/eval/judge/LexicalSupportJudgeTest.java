package io.hubia.eval.judge;

import static io.hubia.eval.judge.SupportJudge.Verdict.NOT_SUPPORTED;
import static io.hubia.eval.judge.SupportJudge.Verdict.SUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LexicalSupportJudgeTest {
  private static final String ESSAI =
      "La période d'essai d'un cadre en CDI dure donc au maximum quatre mois, hors"
          + " renouvellement.";
  private static final String REFUS =
      "Le salarié ne peut pas refuser des heures supplémentaires demandées par l'employeur. Un"
          + " refus injustifié peut constituer une faute.";

  private final LexicalSupportJudge judge = new LexicalSupportJudge();

  @Test
  void supportsWhatThePassageSaysWhateverTheCaseAccentsAndElisions() {
    assertThat(judge.judge("LA PERIODE D ESSAI d'un cadre en CDI dure au maximum 4 mois.", ESSAI))
        .isEqualTo(SUPPORTED);
  }

  @Test
  void numbersMustMatchExactlyWhetherInDigitsOrWords() {
    assertThat(
            judge.judge("La période d'essai d'un cadre en CDI dure au maximum trois mois.", ESSAI))
        .isEqualTo(NOT_SUPPORTED);
    assertThat(judge.judge("La période d'essai d'un cadre en CDI dure au maximum 5 mois.", ESSAI))
        .isEqualTo(NOT_SUPPORTED);
    String teletravail = "exonérée dans la limite de 10,90 euros par mois pour un jour par semaine";
    assertThat(judge.judge("Exonérée dans la limite de 10.90 euros par mois.", teletravail))
        .isEqualTo(SUPPORTED);
    assertThat(judge.judge("Exonérée dans la limite de 10,95 euros par mois.", teletravail))
        .isEqualTo(NOT_SUPPORTED);
  }

  @Test
  void daysAndMonthsMustMatchLikeNumbers() {
    String permanence = "La permanence juridique de l'antenne de Lyon a lieu chaque mardi matin.";
    assertThat(judge.judge("La permanence juridique de Lyon a lieu chaque mardi.", permanence))
        .isEqualTo(SUPPORTED);
    assertThat(judge.judge("La permanence juridique de Lyon a lieu chaque lundi.", permanence))
        .isEqualTo(NOT_SUPPORTED);
  }

  @Test
  void negationsMustAgree() {
    assertThat(judge.judge("Le salarié peut refuser des heures supplémentaires.", REFUS))
        .isEqualTo(NOT_SUPPORTED);
    assertThat(judge.judge("Le salarié ne peut pas refuser des heures supplémentaires.", REFUS))
        .isEqualTo(SUPPORTED);
    assertThat(judge.judge("Un refus injustifié peut constituer une faute.", REFUS))
        .isEqualTo(SUPPORTED);
    assertThat(
            judge.judge("An employee can refuse overtime.", "An employee cannot refuse overtime."))
        .isEqualTo(NOT_SUPPORTED);
  }

  @Test
  void needsMostOfTheSentencesContentWords() {
    String quorum =
        "L'assemblée générale délibère valablement lorsqu'un quart au moins des adhérents sont"
            + " présents ou représentés.";
    assertThat(
            judge.judge(
                "L'assemblée délibère valablement avec un quart des adhérents présents, et ses"
                    + " décisions sont prises à la majorité absolue des suffrages exprimés.",
                quorum))
        .isEqualTo(NOT_SUPPORTED);
    assertThat(judge.judge("Le télétravail est volontaire.", quorum)).isEqualTo(NOT_SUPPORTED);
  }

  @Test
  void judgesNothingWithoutAPassageOrWithoutWords() {
    assertThat(judge.judge("Le congé dure cinq semaines.", null)).isEqualTo(NOT_SUPPORTED);
    assertThat(judge.judge("Le congé dure cinq semaines.", "  ")).isEqualTo(NOT_SUPPORTED);
    assertThat(judge.judge("Il y a cela.", "Il y a cela.")).isEqualTo(NOT_SUPPORTED);
  }

  @Test
  void theThresholdIsAShare() {
    assertThat(
            new LexicalSupportJudge(0.2)
                .judge(
                    "Le télétravail est volontaire et rare.",
                    "Le télétravail est une organisation volontaire."))
        .isEqualTo(SUPPORTED);
    assertThatThrownBy(() -> new LexicalSupportJudge(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LexicalSupportJudge(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
