package io.hubia.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.eval.CitationMetrics.CitedSentence;
import io.hubia.eval.GoldenCase;
import io.hubia.eval.judge.LexicalSupportJudge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Citation precision and groundedness of a reply, judged by the lexical judge. */
class CitedSentencesTest {
  private static final String COTISATIONS = "national:cotisations.md";
  private static final String STATUTS = "national:statuts.md";

  private static Reply reply(String answer, boolean fallback, Reply.Citation... citations) {
    return new Reply(
        200,
        answer,
        List.of(citations),
        fallback,
        fallback ? "no_evidence" : null,
        false,
        Duration.ofMillis(5),
        null,
        null,
        null,
        null);
  }

  private static Reply.Citation citation(Integer id, String document, String snippet) {
    return new Reply.Citation(id, document, null, null, snippet, 0.9);
  }

  private static GoldenCase golden() {
    return new GoldenCase(
        "cotisation",
        "Combien coûte l'adhésion ?",
        null,
        new GoldenCase.Caller("marie", Map.of()),
        null,
        List.of(),
        List.of(COTISATIONS),
        false,
        List.of(),
        List.of());
  }

  @Test
  void judgesEachSentenceAgainstThePassagesItCites() {
    Reply reply =
        reply(
            "La cotisation annuelle est de 150 euros [1][2]. Elle est due au 1er janvier [2]."
                + " Voici le détail : Le paiement se fait par virement bancaire. Un marqueur"
                + " orphelin renvoie ailleurs [3].",
            false,
            citation(1, COTISATIONS, "La cotisation annuelle est de 150 euros par entreprise."),
            citation(2, STATUTS, "Les statuts fixent le montant de la cotisation annuelle."));

    List<CitedSentence> sentences = CaseScorer.citedSentences(reply, new LexicalSupportJudge());

    assertThat(sentences)
        .containsExactly(
            new CitedSentence(
                "La cotisation annuelle est de 150 euros.",
                true,
                List.of(COTISATIONS, STATUTS),
                Set.of(COTISATIONS)),
            new CitedSentence("Elle est due au 1er janvier.", true, List.of(STATUTS), Set.of()),
            new CitedSentence("Voici le détail :", false, List.of(), Set.of()),
            new CitedSentence(
                "Le paiement se fait par virement bancaire.", true, List.of(), Set.of()),
            new CitedSentence(
                "Un marqueur orphelin renvoie ailleurs.", true, List.of("[3]"), Set.of()));

    // Precision: 1 supporting citation of 2 + 1 + 1 = 4; groundedness: 1 of 4 fact sentences.
    CaseScorer.Score score = CaseScorer.score(golden(), reply);
    assertThat(score.metrics())
        .containsEntry(CaseScorer.CITATION_PRECISION, 0.25)
        .containsEntry(CaseScorer.GROUNDEDNESS, 0.25);
    assertThat(score.sentences()).isEqualTo(sentences);
  }

  @Test
  void aDocumentCitedTwiceSupportsWhenEitherPassageDoes() {
    Reply reply =
        reply(
            "L'entretien professionnel a lieu tous les deux ans [1][2].",
            false,
            citation(1, COTISATIONS, "Sans rapport avec la question posée."),
            citation(2, COTISATIONS, "L'entretien professionnel a lieu tous les deux ans."));

    assertThat(CaseScorer.citedSentences(reply, new LexicalSupportJudge()))
        .containsExactly(
            new CitedSentence(
                "L'entretien professionnel a lieu tous les deux ans.",
                true,
                List.of(COTISATIONS),
                Set.of(COTISATIONS)));
  }

  @Test
  void markersWithoutIdsAreResolvedByPosition() {
    Reply reply =
        reply(
            "La cotisation annuelle est de 150 euros [2].",
            false,
            citation(null, STATUTS, "Autre chose."),
            citation(null, COTISATIONS, "La cotisation annuelle est de 150 euros."));

    assertThat(CaseScorer.citedSentences(reply, new LexicalSupportJudge()).get(0))
        .isEqualTo(
            new CitedSentence(
                "La cotisation annuelle est de 150 euros.",
                true,
                List.of(COTISATIONS),
                Set.of(COTISATIONS)));
  }

  @Test
  void aFallbackHasNeitherPrecisionNorGroundedness() {
    CaseScorer.Score score =
        CaseScorer.score(
            golden(),
            reply(
                "Je ne trouve pas dans les documents de quoi répondre avec certitude. Contactez"
                    + " le service juridique de votre antenne.",
                true));

    assertThat(score.metrics())
        .doesNotContainKeys(CaseScorer.CITATION_PRECISION, CaseScorer.GROUNDEDNESS);
    assertThat(score.sentences()).hasSize(2).noneMatch(CitedSentence::statesFact);
  }

  @Test
  void theRunReportsThemAndThresholdsCanNameThem() {
    assertThat(RunMetrics.NAMES)
        .contains(CaseScorer.CITATION_PRECISION, CaseScorer.GROUNDEDNESS)
        .doesNotHaveDuplicates();
    assertThat(RunMetrics.UNBOUNDED)
        .doesNotContain(CaseScorer.CITATION_PRECISION, CaseScorer.GROUNDEDNESS);
  }
}
