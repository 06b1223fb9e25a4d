package io.hubia.eval.judge;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.eval.judge.AnswerSplitter.Sentence;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerSplitterTest {
  @Test
  void splitsSentencesWithTheirMarkers() {
    List<Sentence> sentences =
        AnswerSplitter.split(
            "Le salarié acquiert 2,5 jours par mois [1]. La période court du 1er juin au 31 mai"
                + " [1][2]. Elle peut changer [2, 3] ! Voici le détail :",
            false);

    assertThat(sentences)
        .containsExactly(
            new Sentence("Le salarié acquiert 2,5 jours par mois.", List.of(1), true),
            new Sentence("La période court du 1er juin au 31 mai.", List.of(1, 2), true),
            new Sentence("Elle peut changer !", List.of(2, 3), true),
            new Sentence("Voici le détail :", List.of(), false));
  }

  @Test
  void markersAfterThePeriodBelongToTheSentenceBefore() {
    assertThat(
            AnswerSplitter.split("Il dure quatre mois. [1] Il se renouvelle une fois. [2]", false))
        .extracting(Sentence::text, Sentence::markers)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Il dure quatre mois.", List.of(1)),
            org.assertj.core.groups.Tuple.tuple("Il se renouvelle une fois.", List.of(2)));
  }

  @Test
  void abbreviationsDecimalsAndLowerCaseDoNotSplit() {
    assertThat(
            AnswerSplitter.split(
                "M. Dupont cite l'art. L. 1237-19 du code, etc. et la limite de 10.90 euros [1].",
                false))
        .hasSize(1)
        .first()
        .extracting(Sentence::markers)
        .isEqualTo(List.of(1));
  }

  @Test
  void listItemsAreSentences() {
    List<Sentence> sentences =
        AnswerSplitter.split(
            "Les durées :\n- ouvriers : deux mois [1]\n- cadres : quatre mois [1]", false);

    assertThat(sentences)
        .extracting(Sentence::text)
        .containsExactly("Les durées :", "ouvriers : deux mois", "cadres : quatre mois");
    assertThat(sentences).extracting(Sentence::statesFact).containsExactly(false, true, true);
  }

  @Test
  void factsNeedAMarkerANumberANameOrEnoughContentWords() {
    List<Sentence> sentences =
        AnswerSplitter.split(
            "Le paiement se fait par virement bancaire. Le délai est de 15 jours. L'antenne de"
                + " Lyon s'en charge. En résumé. Que faire ? Bonne journée !",
            false);

    assertThat(sentences)
        .extracting(Sentence::statesFact)
        .containsExactly(true, true, true, false, false, false);
  }

  @Test
  void aFallbackStatesNoFact() {
    List<Sentence> sentences =
        AnswerSplitter.split(
            "Je ne trouve pas dans les documents de la fédération de quoi répondre avec"
                + " certitude. Contactez le service juridique de votre antenne.",
            true);

    assertThat(sentences).hasSize(2).noneMatch(Sentence::statesFact);
    assertThat(AnswerSplitter.split(null, false)).isEmpty();
    assertThat(AnswerSplitter.split("  ", false)).isEmpty();
  }
}
