package io.hubia.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {
  private static final double EPS = 1e-9;

  // Ranks: 1 autre.md, 2 cotisations.md (relevant), 3 statuts.md, 4 bareme.md (relevant), 5 faq.md
  private static final List<String> RANKED =
      List.of(
          "adhesion/autre.md",
          "adhesion/cotisations.md",
          "adhesion/statuts.md",
          "adhesion/bareme.md",
          "faq.md");
  private static final Set<String> EXPECTED =
      Set.of("adhesion/cotisations.md", "adhesion/bareme.md");

  @Test
  void recallCountsExpectedDocumentsInTheFirstK() {
    assertThat(RetrievalMetrics.recallAtK(RANKED, EXPECTED, 1).getAsDouble()).isEqualTo(0.0);
    assertThat(RetrievalMetrics.recallAtK(RANKED, EXPECTED, 2).getAsDouble()).isEqualTo(0.5);
    assertThat(RetrievalMetrics.recallAtK(RANKED, EXPECTED, 4).getAsDouble()).isEqualTo(1.0);
    assertThat(RetrievalMetrics.recallAtK(RANKED, EXPECTED, 50).getAsDouble()).isEqualTo(1.0);
  }

  @Test
  void reciprocalRankIsOneOverTheRankOfTheFirstExpectedDocument() {
    assertThat(RetrievalMetrics.reciprocalRank(RANKED, EXPECTED).getAsDouble()).isEqualTo(0.5);
    assertThat(RetrievalMetrics.reciprocalRank(RANKED, Set.of("faq.md")).getAsDouble())
        .isEqualTo(0.2);
    assertThat(RetrievalMetrics.reciprocalRank(RANKED, Set.of("absent.md")).getAsDouble())
        .isEqualTo(0.0);
  }

  @Test
  void ndcgDiscountsRelevantDocumentsByLog2OfTheirRank() {
    // DCG@5 = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677 = 1.061606
    // IDCG@5 (two relevant documents) = 1/log2(2) + 1/log2(3) = 1.630930
    assertThat(RetrievalMetrics.ndcgAtK(RANKED, EXPECTED, 5).getAsDouble())
        .isCloseTo(0.6509209298, within(EPS));
    // DCG@2 = 1/log2(3) = 0.630930; IDCG@2 = 1.630930
    assertThat(RetrievalMetrics.ndcgAtK(RANKED, EXPECTED, 2).getAsDouble())
        .isCloseTo(0.3868528072, within(EPS));
    assertThat(RetrievalMetrics.ndcgAtK(RANKED, EXPECTED, 1).getAsDouble()).isEqualTo(0.0);
  }

  @Test
  void ndcgIsOneForAnIdealRanking() {
    List<String> ideal = List.of("adhesion/bareme.md", "adhesion/cotisations.md", "faq.md");
    assertThat(RetrievalMetrics.ndcgAtK(ideal, EXPECTED, 3).getAsDouble())
        .isCloseTo(1.0, within(EPS));
  }

  @Test
  void idealDcgStopsAtKWhenMoreDocumentsAreExpected() {
    // Three expected, k = 1: IDCG@1 = 1, so a relevant first document is a perfect nDCG@1.
    Set<String> three = Set.of("a.md", "b.md", "c.md");
    assertThat(RetrievalMetrics.ndcgAtK(List.of("b.md"), three, 1).getAsDouble()).isEqualTo(1.0);
    // k = 3 with only the third retrieved: DCG = 1/log2(4) = 0.5; IDCG = 1 + 0.630930 + 0.5
    assertThat(RetrievalMetrics.ndcgAtK(List.of("x.md", "y.md", "c.md"), three, 3).getAsDouble())
        .isCloseTo(0.2346393630, within(EPS));
  }

  @Test
  void chunksOfTheSameDocumentCountOnce() {
    // Three chunks of reglement.md, then one of cotisations.md: distinct documents are
    // [reglement.md, cotisations.md], so cotisations.md is at rank 2.
    List<String> chunks = List.of("reglement.md", "reglement.md", "reglement.md", "cotisations.md");
    Set<String> expected = Set.of("cotisations.md");
    assertThat(RetrievalMetrics.recallAtK(chunks, expected, 2).getAsDouble()).isEqualTo(1.0);
    assertThat(RetrievalMetrics.reciprocalRank(chunks, expected).getAsDouble()).isEqualTo(0.5);
    assertThat(RetrievalMetrics.ndcgAtK(chunks, expected, 2).getAsDouble())
        .isCloseTo(0.6309297536, within(EPS));
  }

  @Test
  void nothingRetrievedScoresZero() {
    assertThat(RetrievalMetrics.recallAtK(List.of(), EXPECTED, 5).getAsDouble()).isEqualTo(0.0);
    assertThat(RetrievalMetrics.reciprocalRank(List.of(), EXPECTED).getAsDouble()).isEqualTo(0.0);
    assertThat(RetrievalMetrics.ndcgAtK(List.of(), EXPECTED, 5).getAsDouble()).isEqualTo(0.0);
  }

  @Test
  void noExpectedSourcesIsNotApplicable() {
    assertThat(RetrievalMetrics.recallAtK(RANKED, Set.of(), 5)).isEmpty();
    assertThat(RetrievalMetrics.reciprocalRank(RANKED, List.of())).isEmpty();
    assertThat(RetrievalMetrics.ndcgAtK(RANKED, Set.of(), 5)).isEmpty();
  }

  @Test
  void kBelowOneIsRefused() {
    assertThatThrownBy(() -> RetrievalMetrics.recallAtK(RANKED, EXPECTED, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be at least 1");
    assertThatThrownBy(() -> RetrievalMetrics.ndcgAtK(RANKED, EXPECTED, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void meanReciprocalRankSkipsCasesThatDoNotApply() {
    // Reciprocal ranks 1/2 and 1, and one case with no expected source: MRR = 0.75.
    List<OptionalDouble> ranks =
        List.of(
            RetrievalMetrics.reciprocalRank(RANKED, EXPECTED),
            RetrievalMetrics.reciprocalRank(RANKED, Set.of("adhesion/autre.md")),
            RetrievalMetrics.reciprocalRank(RANKED, Set.of()));
    assertThat(RetrievalMetrics.meanOfApplicable(ranks).getAsDouble()).isEqualTo(0.75);
    assertThat(RetrievalMetrics.meanOfApplicable(List.of(OptionalDouble.empty()))).isEmpty();
  }
}
