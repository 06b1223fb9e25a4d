package io.hubia.runtime.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.runtime.answer.text.Terms;
import org.junit.jupiter.api.Test;

class AnswerTypeTest {
  @Test
  void numberQuestions() {
    assertThat(AnswerType.of("Combien de ponts y a-t-il à Londres ?")).isEqualTo(AnswerType.NUMBER);
    assertThat(AnswerType.of("Quelle est la longueur de la Tamise ?")).isEqualTo(AnswerType.NUMBER);
    assertThat(AnswerType.of("Quel est le montant de l'aide à l'embauche d'un apprenti ?"))
        .isEqualTo(AnswerType.NUMBER);
    assertThat(AnswerType.of("À quel âge peut-on adhérer ?")).isEqualTo(AnswerType.NUMBER);
    assertThat(AnswerType.of("Il y a combien de ponts à Londres ?")).isEqualTo(AnswerType.NUMBER);
    assertThat(AnswerType.of("How many bridges cross the Thames?")).isEqualTo(AnswerType.NUMBER);
    assertThat(AnswerType.of("How long is the Thames?")).isEqualTo(AnswerType.NUMBER);
  }

  @Test
  void dateQuestions() {
    assertThat(AnswerType.of("Quand a lieu l'assemblée de l'antenne de Lyon ?"))
        .isEqualTo(AnswerType.DATE);
    assertThat(AnswerType.of("En quelle année le traité fut-il signé ?"))
        .isEqualTo(AnswerType.DATE);
    assertThat(AnswerType.of("À quelle date la relance part-elle ?")).isEqualTo(AnswerType.DATE);
    assertThat(AnswerType.of("Depuis quand est-il directeur ?")).isEqualTo(AnswerType.DATE);
    assertThat(AnswerType.of("Et c'est quand ?")).isEqualTo(AnswerType.DATE);
    assertThat(AnswerType.of("When was the treaty signed?")).isEqualTo(AnswerType.DATE);
    assertThat(AnswerType.of("In what year was it founded?")).isEqualTo(AnswerType.DATE);
  }

  @Test
  void nameQuestions() {
    assertThat(AnswerType.of("Qui a fondé la fédération ?")).isEqualTo(AnswerType.NAME);
    assertThat(AnswerType.of("À qui faut-il écrire ?")).isEqualTo(AnswerType.NAME);
    assertThat(AnswerType.of("Où se trouve le siège ?")).isEqualTo(AnswerType.NAME);
    assertThat(AnswerType.of("D'où vient le nom Alaska ?")).isEqualTo(AnswerType.NAME);
    assertThat(AnswerType.of("Dans quel pays est né Chopin ?")).isEqualTo(AnswerType.NAME);
    assertThat(AnswerType.of("Comment s'appelle le président de l'antenne ?"))
        .isEqualTo(AnswerType.NAME);
    assertThat(AnswerType.of("Who founded the federation?")).isEqualTo(AnswerType.NAME);
    assertThat(AnswerType.of("Where is the head office?")).isEqualTo(AnswerType.NAME);
  }

  @Test
  void openQuestionsExpectNothingInParticular() {
    assertThat(AnswerType.of("Comment adhérer à la fédération ?")).isEqualTo(AnswerType.NONE);
    assertThat(AnswerType.of("Pourquoi la Tamise est-elle si sale ?")).isEqualTo(AnswerType.NONE);
    assertThat(AnswerType.of("Qu'est-ce qu'une synagogue ?")).isEqualTo(AnswerType.NONE);
    assertThat(AnswerType.of("Qu'est-ce qui a permis cette intégration ?"))
        .isEqualTo(AnswerType.NONE);
    assertThat(AnswerType.of("Quel est le rôle du délégué d'antenne ?")).isEqualTo(AnswerType.NONE);
    assertThat(AnswerType.of("How do I join?")).isEqualTo(AnswerType.NONE);
  }

  @Test
  void aRelativeQuiOuOrConjunctionQuandInsideTheQuestionDoesNotCount() {
    assertThat(AnswerType.of("Quel est le rôle du délégué qui représente l'antenne ?"))
        .isEqualTo(AnswerType.NONE);
    assertThat(AnswerType.of("Pourquoi le roi qui régnait alors a-t-il abdiqué ?"))
        .isEqualTo(AnswerType.NONE);
    assertThat(AnswerType.of("Que faire quand un salarié démissionne ?"))
        .isEqualTo(AnswerType.NONE);
    assertThat(AnswerType.of("Comment fonctionne la ville où siège le parlement ?"))
        .isEqualTo(AnswerType.NONE);
  }

  @Test
  void negationsKeepTheType() {
    assertThat(AnswerType.of("Qui n'a pas signé le traité ?")).isEqualTo(AnswerType.NAME);
    assertThat(AnswerType.of("Combien de pays n'ont pas ratifié la convention ?"))
        .isEqualTo(AnswerType.NUMBER);
    assertThat(AnswerType.of("Pourquoi la Tamise n'est-elle pas navigable ?"))
        .isEqualTo(AnswerType.NONE);
  }

  @Test
  void theFocusOfANumberQuestionIsTheNounCountedOrTheUnitsOfTheQuantity() {
    assertThat(AnswerType.focus("Combien de ponts y a-t-il à Londres ?"))
        .containsExactly(Terms.stem("ponts"));
    assertThat(AnswerType.focus("Combien y a-t-il de membres au Sénat ?"))
        .containsExactly(Terms.stem("membres"));
    assertThat(AnswerType.focus("Quelle est la longueur de la Tamise ?"))
        .contains(Terms.stem("longueur"), "km", Terms.stem("metres"));
    assertThat(AnswerType.focus("Combien coûte l'adhésion ?")).contains(Terms.stem("euros"));
    assertThat(AnswerType.focus("How many bridges cross the Thames?"))
        .containsExactly(Terms.stem("bridges"));
    assertThat(AnswerType.focus("Combien en reste-t-il ?")).isEmpty();
  }

  @Test
  void aNumberCountsNearItsFocusOnly() {
    var focus = AnswerType.focus("Combien de membres compte le Sénat ?");
    String question = "Combien de membres compte le Sénat ?";
    assertThat(AnswerType.numberNear("Le Sénat est composé de huit membres.", question, focus, 3))
        .isTrue();
    assertThat(AnswerType.numberNear("Le Sénat siège depuis 1920 à Berlin.", question, focus, 3))
        .isFalse();
    assertThat(
            AnswerType.numberNear(
                "Il n'y a aucun membre élu.", "Combien de membres élus ?", focus, 3))
        .isTrue();
    var percent = AnswerType.focus("Quelle part de la cotisation l'employeur paie-t-il ?");
    assertThat(
            AnswerType.numberNear(
                "L'employeur en paie 50 %.",
                "Quelle part de la cotisation l'employeur paie-t-il ?", percent, 3))
        .isTrue();
  }
}
