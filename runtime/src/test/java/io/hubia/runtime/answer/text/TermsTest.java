package io.hubia.runtime.answer.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TermsTest {
  @Test
  void foldsCaseAccentsAndLigatures() {
    assertThat(Terms.fold("Œuvre d'ÉTÉ à Noël")).isEqualTo("oeuvre d'ete a noel");
    assertThat(Terms.fold("plain ascii")).isEqualTo("plain ascii");
  }

  @Test
  void removesElisionsAndStopWords() {
    assertThat(Terms.of("L'adhésion à la mutuelle d'entreprise, qu'est-ce que c'est ?"))
        .containsExactly("adhesion", "mutuel", "entrepris");
    assertThat(Terms.of("What is the deadline for the members' claims?"))
        .containsExactly("deadlin", "memb", "claim");
    assertThat(Terms.of("jusqu’à l’État")).containsExactly("etat");
  }

  @Test
  void wordsKeepStopWordsButNotElisions() {
    assertThat(Terms.words("L'État, c'est nous")).containsExactly("etat", "est", "nous");
  }

  @Test
  void keepsNumbersAsTerms() {
    assertThat(Terms.of("En 2019, 12 milliards")).containsExactly("2019", "12", "milliard");
  }

  @ParameterizedTest(name = "{0} and {1} share a stem")
  @CsvSource({
    "salariés, salarié",
    "salariée, salarié",
    "salariées, salariés",
    "journaux, journal",
    "bureaux, bureau",
    "jeux, jeu",
    "grandes, grand",
    "adhérer, adhérez",
    "première, premier",
    "créée, créé",
    "employees, employee",
    "companies, company",
    "training, train",
    "policies, policy",
    "séries, série",
    "belles, belle",
  })
  void conflatesInflections(String a, String b) {
    assertThat(Terms.of(a)).isEqualTo(Terms.of(b)).hasSize(1);
  }

  @Test
  void leavesShortWordsAndNumbersAlone() {
    assertThat(Terms.stem("bus")).isEqualTo("bus");
    assertThat(Terms.stem("2024")).isEqualTo("2024");
    assertThat(Terms.stem("virus")).isEqualTo("virus");
  }

  @Test
  void setIsDistinctInOrder() {
    assertThat(Terms.set("congés payés, congé payé et congés")).containsExactly("cong", "pay");
  }

  @Test
  void knowsStopWordsOfEachLanguage() {
    assertThat(Terms.isFrenchStopWord("les")).isTrue();
    assertThat(Terms.isEnglishStopWord("les")).isFalse();
    assertThat(Terms.isEnglishStopWord("which")).isTrue();
    assertThat(Terms.isStopWord("pourquoi")).isTrue();
    assertThat(Terms.isContent("x")).isFalse();
    assertThat(Terms.isContent("7")).isTrue();
  }
}
