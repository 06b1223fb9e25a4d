package io.hubia.runtime.answer.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {
  private static List<String> split(String text) {
    return Sentences.split(text).stream().map(Sentences.Sentence::text).toList();
  }

  @Test
  void splitsFrenchSentencesKeepingAbbreviations() {
    assertThat(split("M. Dupont signe l'article L. 1221-19. Le contrat prend effet. Fin ?"))
        .containsExactly(
            "M. Dupont signe l'article L. 1221-19.", "Le contrat prend effet.", "Fin ?");
  }

  @Test
  void markersAfterTheStopStayWithTheirSentence() {
    assertThat(split("Le délai est de deux mois. [1] La demande est écrite. [2][3]"))
        .containsExactly("Le délai est de deux mois. [1]", "La demande est écrite. [2][3]");
    assertThat(split("Le délai est de deux mois [1, 2]. La demande est écrite [3]."))
        .containsExactly("Le délai est de deux mois [1, 2].", "La demande est écrite [3].");
    assertThat(split("Le délai est de deux mois.[1] La demande est écrite."))
        .containsExactly("Le délai est de deux mois.[1]", "La demande est écrite.");
  }

  @Test
  void linesListItemsAndHeadingsEndSentences() {
    String text =
        "## Adhésion\nPour adhérer :\n- remplir le formulaire\n- le signer\n\nEnsuite on attend";
    assertThat(split(text))
        .containsExactly(
            "## Adhésion",
            "Pour adhérer :",
            "- remplir le formulaire",
            "- le signer",
            "Ensuite on attend");
  }

  @Test
  void aSoftWrapDoesNotEndASentence() {
    assertThat(split("Le salarié doit prévenir\nson employeur par écrit.")).hasSize(1);
  }

  @Test
  void offsetsPointIntoTheText() {
    String text = "Un. Deux trois.";
    Sentences.Sentence second = Sentences.split(text).get(1);
    assertThat(text.substring(second.start(), second.end())).isEqualTo("Deux trois.");
  }

  @Test
  void cleansMarkdown() {
    assertThat(Sentences.clean("## **Délai** de `préavis`")).isEqualTo("Délai de préavis");
    assertThat(Sentences.clean("- voir [la page](https://x.org/a) [réf. nécessaire]"))
        .isEqualTo("voir la page");
    assertThat(Sentences.clean("3) troisième point")).isEqualTo("troisième point");
    assertThat(Sentences.isHeading("### Titre")).isTrue();
    assertThat(Sentences.isHeading("#hashtag")).isFalse();
  }
}
