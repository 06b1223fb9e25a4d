package io.hubia.runtime.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.runtime.answer.Answerability.Verdict;
import io.hubia.runtime.answer.Verification.ClaimCheck;
import io.hubia.runtime.answer.Verification.Decision;
import io.hubia.runtime.answer.Verification.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerabilityTest {
  /** A sufficient verification keeping each sentence, cited from one source titled as given. */
  private static Verification verified(String title, String... sentences) {
    List<ClaimCheck> claims = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String sentence : sentences) {
      String claim = sentence.replaceFirst("([.!?])$", " [1]$1");
      claims.add(new ClaimCheck(claim, List.of(1), 0.8, Status.SUPPORTED, null));
      text.append(text.isEmpty() ? "" : " ").append(claim);
    }
    Evidence source =
        new Evidence(1, AnswerFixtures.chunk("c1", title, String.join(" ", sentences)), 0.6);
    return new Verification(Decision.SUFFICIENT, text.toString(), List.of(source), claims, 1);
  }

  private static Verdict extractive(String question, String title, String... sentences) {
    return Answerability.judge(question, verified(title, sentences), true).verdict();
  }

  @Test
  void aCountMustBeGivenNearTheNounCounted() {
    String question = "Combien de ponts y a-t-il à Londres ?";
    assertThat(
            extractive(
                question,
                "Londres",
                "Le pont de Londres constitue le seul lien entre la Cité et la rive sud.",
                "En 1666, les maisons du pont de Londres sont en feu."))
        .isEqualTo(Verdict.NOT_ANSWERED);
    assertThat(extractive(question, "Londres", "Londres compte 33 ponts sur la Tamise."))
        .isEqualTo(Verdict.ANSWERED);
    assertThat(extractive(question, "Londres", "Londres compte une trentaine de ponts."))
        .isEqualTo(Verdict.ANSWERED);
    assertThat(
            extractive(
                "Combien de déserts y a-t-il au Mexique ?",
                "Désert au Mexique",
                "Le film sur les déserts du Mexique a reçu 129 critiques."))
        .isEqualTo(Verdict.NOT_ANSWERED);
  }

  @Test
  void aMeasureMustComeWithItsUnit() {
    String question = "Quelle est la longueur de la Tamise ?";
    assertThat(
            extractive(
                question, "Tamise", "La Tamise a une longueur de, mais la Severn est plus longue."))
        .isEqualTo(Verdict.NOT_ANSWERED);
    assertThat(extractive(question, "Tamise", "La Tamise est longue de 346 km."))
        .isEqualTo(Verdict.ANSWERED);
    assertThat(
            extractive(
                "Combien coûte l'adhésion d'une petite entreprise ?",
                "Adhésion",
                "L'adhésion d'une petite entreprise coûte un forfait annuel de 290 euros."))
        .isEqualTo(Verdict.ANSWERED);
  }

  @Test
  void aDateQuestionNeedsADate() {
    String question = "Quand le traité de Paris a-t-il été signé ?";
    assertThat(
            extractive(question, "Traité de Paris", "Le traité de Paris a été signé à Versailles."))
        .isEqualTo(Verdict.NOT_ANSWERED);
    assertThat(extractive(question, "Traité de Paris", "Le traité de Paris a été signé en 1783."))
        .isEqualTo(Verdict.ANSWERED);
    assertThat(
            extractive(
                "Quand a lieu la permanence juridique de l'antenne de Lyon ?",
                "Permanences",
                "La permanence juridique de l'antenne de Lyon a lieu chaque mardi de 9 h à 12 h."))
        .isEqualTo(Verdict.ANSWERED);
  }

  @Test
  void aSuperlativeMustBeStatedNotOneOfTheMostNorTheSecond() {
    String question = "Qui est le compositeur le plus important de la musique bretonne ?";
    assertThat(
            extractive(
                question,
                "Musique bretonne",
                "Rimski-Korsakov est l'un des compositeurs les plus importants de la musique"
                    + " russe, mais la musique bretonne lui doit peu."))
        .isEqualTo(Verdict.NOT_ANSWERED);
    assertThat(
            extractive(
                question,
                "Musique bretonne",
                "Paul Ladmirault est le compositeur le plus important de la musique bretonne."))
        .isEqualTo(Verdict.ANSWERED);
    assertThat(
            extractive(
                "Quelle est la plus grande compagnie maritime ?",
                "Compagnie maritime",
                "La compagnie est le deuxième plus grand armateur maritime du monde."))
        .isEqualTo(Verdict.NOT_ANSWERED);
    assertThat(
            extractive(
                "Qui est la ballerine la plus connue ?",
                "Ballerine",
                "La ballerine devint encore plus connue après son prix."))
        .isEqualTo(Verdict.NOT_ANSWERED);
  }

  @Test
  void englishQuestionsToo() {
    assertThat(
            extractive(
                "How many bridges cross the Thames in London?",
                "Thames",
                "More than 200 bridges cross the Thames in London."))
        .isEqualTo(Verdict.ANSWERED);
    assertThat(
            extractive(
                "How many bridges cross the Thames in London?",
                "Thames",
                "London Bridge crosses the Thames in the City of London."))
        .isEqualTo(Verdict.NOT_ANSWERED);
    assertThat(
            extractive(
                "Who is the most famous composer of Brittany?",
                "Brittany",
                "Ladmirault is a famous composer of Brittany."))
        .isEqualTo(Verdict.NOT_ANSWERED);
  }

  @Test
  void openQuestionsAreNotTypeChecked() {
    assertThat(
            extractive(
                "Comment adhérer à la fédération ?",
                "Adhésion",
                "Pour adhérer à la fédération, l'entreprise remplit le bulletin d'adhésion."))
        .isEqualTo(Verdict.ANSWERED);
    assertThat(
            extractive(
                "Qui assure la permanence du mardi pendant le congé de Sophie Leclerc ?",
                "Note d'équipe",
                "Pendant le congé de Sophie Leclerc, la permanence du mardi est assurée par un"
                    + " juriste du siège."))
        .isEqualTo(Verdict.ANSWERED);
  }

  @Test
  void anAnswerWithoutTheQuestionsTermsIsOffTopic() {
    var judgement =
        Answerability.judge(
            "Quel est l'objectif d'adhésions de l'antenne de Lyon pour 2026 ?",
            verified("Cotisations", "La cotisation annuelle est un forfait de 290 euros."),
            true);
    assertThat(judgement.verdict()).isEqualTo(Verdict.OFF_TOPIC);
    assertThat(judgement.detail()).startsWith("coverage 0.");
  }

  @Test
  void modelAnswersGetTheTopicCheckOnly() {
    Verification terse = verified("Sénat de Berlin", "Le Sénat de Berlin en compte huit.");
    String question = "Combien de membres compte le Sénat de Berlin ?";
    assertThat(Answerability.judge(question, terse, false).verdict()).isEqualTo(Verdict.ANSWERED);
    assertThat(Answerability.judge(question, terse, true).verdict())
        .isEqualTo(Verdict.NOT_ANSWERED);
  }

  @Test
  void aModelSayingTheSourcesDoNotAnswerFallsBackBeforeThisCheck() {
    // why model answers need no not_answered check: such a sentence cites nothing, so the verifier
    // keeps no fact
    Verification v =
        new CitationVerifier(AnswerFixtures.embedder())
            .verify(
                new DraftAnswer(
                    "Les sources fournies ne permettent pas de dire combien de ponts compte"
                        + " Londres.",
                    "gpt-4o-mini",
                    100,
                    20),
                AnswerFixtures.evidence("Le pont de Londres est le plus ancien de la ville."),
                CitationSettings.DEFAULTS);
    assertThat(v.sufficient()).isFalse();
  }

  @Test
  void theDetailSaysWhatIsMissing() {
    var judgement =
        Answerability.judge(
            "Combien de ponts y a-t-il à Londres ?",
            verified("Londres", "Le pont de Londres est le plus ancien de la ville."),
            true);
    assertThat(judgement.detail()).contains("no number near: pont");
    assertThat(judgement.answered()).isFalse();
  }
}
