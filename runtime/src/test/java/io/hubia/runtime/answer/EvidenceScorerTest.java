package io.hubia.runtime.answer;

import static io.hubia.runtime.answer.AnswerFixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.search.retrieve.RetrievedChunk;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvidenceScorerTest {
  private static final RetrievedChunk PREAVIS =
      chunk(
          "c1",
          "Convention collective : démission",
          "Le délai de préavis en cas de démission est de deux mois pour les cadres. Il est d'un"
              + " mois pour les employés et les ouvriers.");
  private static final RetrievedChunk LEAVE =
      chunk(
          "c2",
          "Leave policy",
          "Employees are entitled to 25 days of paid leave per year. Leave requests must be"
              + " submitted two weeks in advance through the HR portal.");

  private final EvidenceScorer scorer = new EvidenceScorer(AnswerFixtures.embedder());

  @Test
  void aChunkAboutTheQuestionScoresHigh() {
    assertThat(scorer.score("Quel est le délai de préavis d'un cadre qui démissionne ?", PREAVIS))
        .isBetween(0.5, 1.0);
    assertThat(scorer.score("How many days of paid leave do employees get?", LEAVE))
        .isBetween(0.5, 1.0);
  }

  @Test
  void aChunkAboutSomethingElseScoresBelowTheDefaultThreshold() {
    assertThat(scorer.score("Quelle est la capitale de l'Australie ?", PREAVIS))
        .isBetween(0.0, 0.2);
    assertThat(scorer.score("Who won the football world cup in 1998?", LEAVE)).isBetween(0.0, 0.2);
    assertThat(scorer.score("Comment configurer le VPN sur mon ordinateur ?", PREAVIS))
        .isLessThan(0.2);
  }

  @Test
  void numbersEvidenceInOrderWithItsRelevance() {
    List<Evidence> evidence =
        scorer.evidence(
            "Quel est le délai de préavis en cas de démission ?", List.of(LEAVE, PREAVIS));
    assertThat(evidence).extracting(Evidence::number).containsExactly(1, 2);
    assertThat(evidence.get(0).chunk()).isEqualTo(LEAVE);
    assertThat(evidence.get(1).relevance()).isGreaterThan(evidence.get(0).relevance());
    assertThat(scorer.evidence("question", List.of())).isEmpty();
  }

  @Test
  void combinesCosineAndCoverageWithTheDocumentedWeights() {
    Set<String> chunkTerms = Set.of("delai", "preavi", "demission");
    assertThat(EvidenceScorer.combine(1.0, Set.of("delai", "preavi"), chunkTerms))
        .isEqualTo(EvidenceScorer.COSINE_WEIGHT + EvidenceScorer.COVERAGE_WEIGHT);
    assertThat(
            EvidenceScorer.combine(EvidenceScorer.COSINE_LOW, Set.of("delai", "conge"), chunkTerms))
        .isEqualTo(EvidenceScorer.COVERAGE_WEIGHT * 0.5);
    assertThat(EvidenceScorer.combine(EvidenceScorer.COSINE_HIGH, Set.of(), chunkTerms))
        .isEqualTo(1.0);
  }
}
