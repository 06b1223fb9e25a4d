package io.hubia.runtime.answer;

import static io.hubia.runtime.answer.AnswerFixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.answer.text.Terms;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveAnswererTest {
  private static final String PREAVIS =
      "Le contrat de travail peut être rompu par démission. Le délai de préavis en cas de"
          + " démission est de deux mois pour les cadres. Il est d'un mois pour les employés et"
          + " les ouvriers. Le préavis commence à courir à la date de remise de la lettre.";
  private static final String MUTUELLE =
      "## Mutuelle d'entreprise\n\n"
          + "Pour adhérer à la mutuelle, le salarié remplit le formulaire d'adhésion.\n"
          + "- Le formulaire est remis au service des ressources humaines avant le 15 du mois.\n"
          + "- La cotisation est prise en charge à **50 %** par l'employeur.";
  private static final String CONGES =
      "Les salariés bénéficient de cinq semaines de congés payés par an. Les congés sont posés"
          + " au moins un mois à l'avance dans l'outil de gestion des temps.";

  private final ExtractiveAnswerer answerer = new ExtractiveAnswerer(AnswerFixtures.embedder());

  private static List<Evidence> evidence(String... texts) {
    List<Evidence> evidence = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      evidence.add(new Evidence(i + 1, chunk("c" + i, "Accords d'entreprise", texts[i]), 0.5));
    }
    return evidence;
  }

  private String answer(String question, List<Evidence> evidence) {
    DraftAnswer draft =
        answerer.answer(new AnswerRequest(question, Language.FR, evidence, null, null));
    assertThat(draft.answeredBy()).isEqualTo("extractive");
    assertThat(draft.inputTokens()).isZero();
    return draft.text();
  }

  @Test
  void answersWithTheBestSentenceAndCitesIt() {
    String text =
        answer(
            "Quel est le délai de préavis d'un cadre qui démissionne ?",
            evidence(CONGES, PREAVIS, MUTUELLE));
    assertThat(text).contains("deux mois pour les cadres [2].");
    assertThat(text).doesNotContain("[1]").doesNotContain("[3]");
    assertThat(text.length()).isLessThanOrEqualTo(ExtractiveAnswerer.MAX_CHARS + 20);
  }

  @Test
  void stripsHeadingsBulletsAndEmphasis() {
    String text =
        answer(
            "Quelle part de la cotisation de mutuelle l'employeur prend-il en charge ?",
            evidence(MUTUELLE));
    assertThat(text).contains("La cotisation est prise en charge à 50 % par l'employeur [1].");
    assertThat(text).doesNotContain("#").doesNotContain("**").doesNotContain("- ");
  }

  @Test
  void ordersSentencesByEvidenceThenPosition() {
    List<Evidence> evidence = evidence(PREAVIS, CONGES);
    float[][] vectors = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    List<ExtractiveAnswerer.Scored> scored =
        List.of(
            scored(
                evidence.get(1), 1, "Les congés sont posés un mois à l'avance.", 0.9, vectors[0]),
            scored(evidence.get(0), 2, "Il est d'un mois pour les employés.", 0.85, vectors[1]),
            scored(
                evidence.get(0),
                1,
                "Le délai est de deux mois pour les cadres :",
                0.8,
                vectors[2]));
    List<ExtractiveAnswerer.Scored> chosen = ExtractiveAnswerer.choose(scored);
    assertThat(ExtractiveAnswerer.write(chosen))
        .isEqualTo(
            "Le délai est de deux mois pour les cadres [1]. Il est d'un mois pour les employés"
                + " [1]. Les congés sont posés un mois à l'avance [2].");
  }

  @Test
  void keepsOnlySentencesCloseToTheBest() {
    List<Evidence> evidence = evidence(PREAVIS);
    List<ExtractiveAnswerer.Scored> chosen =
        ExtractiveAnswerer.choose(
            List.of(
                scored(evidence.get(0), 0, "Une phrase qui répond bien.", 0.9, new float[] {1, 0}),
                scored(
                    evidence.get(0), 1, "Une phrase qui répond moins.", 0.5, new float[] {0, 1})));
    assertThat(chosen).hasSize(1);
    assertThat(
            ExtractiveAnswerer.choose(
                List.of(
                    scored(
                        evidence.get(0),
                        0,
                        "Une phrase qui répond mal.",
                        0.2,
                        new float[] {1, 0}))))
        .isEmpty();
  }

  private static ExtractiveAnswerer.Scored scored(
      Evidence evidence, int index, String text, double score, float[] vector) {
    ExtractiveAnswerer.Candidate candidate =
        new ExtractiveAnswerer.Candidate(evidence, index, text, Terms.set(text), Terms.set(text));
    return new ExtractiveAnswerer.Scored(candidate, score, 0, 0, 0, 0, vector);
  }

  @Test
  void dropsNearDuplicates() {
    String copy = PREAVIS.replace("Le contrat de travail peut être rompu par démission. ", "");
    String text =
        answer("Quel est le délai de préavis d'un cadre démissionnaire ?", evidence(PREAVIS, copy));
    assertThat(text.split("deux mois pour les cadres", -1)).hasSize(2);
  }

  @Test
  void answersNothingWhenNoSentenceFits() {
    assertThat(
            answer("Quelle est la capitale de l'Australie ?", evidence(PREAVIS, MUTUELLE, CONGES)))
        .isEmpty();
    assertThat(answer("Quel est le délai de préavis ?", List.of())).isEmpty();
  }

  @Test
  void answersInEnglishFromEnglishSources() {
    List<Evidence> evidence =
        evidence(
            "Staff may work from home up to two days a week with their manager's approval.",
            "Employees are entitled to 25 days of paid leave per year. Leave requests must be"
                + " submitted two weeks in advance through the HR portal.");
    String text = answer("How many days of paid leave do employees get?", evidence);
    // the best sentence, then the next one of its chunk for context
    assertThat(text)
        .isEqualTo(
            "Employees are entitled to 25 days of paid leave per year [2]. Leave requests must be"
                + " submitted two weeks in advance through the HR portal [2].");
  }

  @Test
  void capsTheLength() {
    String longText =
        String.join(
            " ",
            java.util.Collections.nCopies(
                12,
                "Le préavis de démission des cadres court à partir de la remise de la lettre de"
                    + " démission en main propre contre décharge ou de sa première présentation"
                    + " par lettre recommandée, sauf accord contraire des parties sur un délai"
                    + " différent."));
    String text = answer("Quand court le préavis de démission des cadres ?", evidence(longText));
    assertThat(text).isNotEmpty();
    assertThat(text.length()).isLessThanOrEqualTo(ExtractiveAnswerer.MAX_CHARS + 20);
  }

  @Test
  void isDeterministic() {
    List<Evidence> evidence = evidence(CONGES, PREAVIS, MUTUELLE);
    String question = "Comment adhérer à la mutuelle ?";
    assertThat(answer(question, evidence)).isEqualTo(answer(question, evidence)).isNotEmpty();
  }

  @Test
  void balancesQuotesAndBrackets() {
    assertThat(ExtractiveAnswerer.balance("« En 1977, le vote séfarade est décisif."))
        .isEqualTo("En 1977, le vote séfarade est décisif.");
    assertThat(ExtractiveAnswerer.balance("Il conclut : « c'est fini ». » Puis"))
        .isEqualTo("Il conclut : « c'est fini ». Puis");
    assertThat(ExtractiveAnswerer.balance("Un (deux) trois)")).isEqualTo("Un (deux) trois");
  }

  @Test
  void itsDraftsPassTheVerifier() {
    List<Evidence> evidence = evidence(CONGES, PREAVIS, MUTUELLE);
    DraftAnswer draft =
        answerer.answer(
            new AnswerRequest(
                "Combien de semaines de congés payés par an ?", Language.FR, evidence, null, null));
    Verification v =
        new CitationVerifier(AnswerFixtures.embedder())
            .verify(draft, evidence, CitationSettings.DEFAULTS);
    assertThat(v.sufficient()).isTrue();
    assertThat(v.text()).contains("cinq semaines de congés payés par an [1]");
  }
}
