package io.hubia.search.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hubia.search.retrieve.Fusion.Fused;
import io.hubia.search.retrieve.Fusion.Scored;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {

  private static final double EPS = 1e-12;

  private static final List<Scored> BM25 =
      List.of(new Scored("a", 12.0), new Scored("b", 8.0), new Scored("c", 4.0));
  private static final List<Scored> KNN =
      List.of(new Scored("b", 0.9), new Scored("d", 0.8), new Scored("a", 0.5));

  @Test
  void rrfByHand() {
    // k = 60: a = 1/61 + 1/63, b = 1/62 + 1/61, c = 1/63, d = 1/62; divided by 2/61.
    List<Fused> fused = Fusion.fuse(BM25, KNN, FusionSettings.rrf(60));

    assertThat(fused).extracting(Fused::id).containsExactly("b", "a", "d", "c");
    double max = 2.0 / 61;
    assertThat(fused.get(0).fused()).isCloseTo((1.0 / 62 + 1.0 / 61) / max, within(EPS));
    assertThat(fused.get(1).fused()).isCloseTo((1.0 / 61 + 1.0 / 63) / max, within(EPS));
    assertThat(fused.get(2).fused()).isCloseTo((1.0 / 62) / max, within(EPS));
    assertThat(fused.get(3).fused()).isCloseTo((1.0 / 63) / max, within(EPS));
    Fused b = fused.get(0);
    assertThat(b.bm25()).isEqualTo(8.0);
    assertThat(b.knn()).isEqualTo(0.9);
    assertThat(b.bm25Rank()).isEqualTo(2);
    assertThat(b.knnRank()).isEqualTo(1);
  }

  @Test
  void rrfFirstInBothIsOneAndFirstInOneIsAHalf() {
    assertThat(Fusion.rrf(60, 1, 1)).isCloseTo(1.0, within(EPS));
    assertThat(Fusion.rrf(60, 1, 0)).isCloseTo(0.5, within(EPS));
    assertThat(Fusion.rrf(1, 0, 1)).isCloseTo(0.5, within(EPS));
    assertThat(Fusion.rrf(60, 0, 0)).isZero();
  }

  @Test
  void rrfConstantChangesTheOrder() {
    // x: 1st in BM25 only; y: 3rd in both. k=1: x = 1/2, y = 2/4 -> tie, BM25 rank breaks it.
    // k=60: x = 1/61, y = 2/63 > x.
    List<Scored> bm25 = List.of(new Scored("x", 3), new Scored("p", 2), new Scored("y", 1));
    List<Scored> knn = List.of(new Scored("q", 3), new Scored("r", 2), new Scored("y", 1));

    assertThat(Fusion.fuse(bm25, knn, FusionSettings.rrf(60)).get(0).id()).isEqualTo("y");
    List<Fused> k1 = Fusion.fuse(bm25, knn, FusionSettings.rrf(1));
    assertThat(k1.get(0).fused()).isCloseTo(k1.get(1).fused(), within(EPS));
    assertThat(k1).extracting(Fused::id).startsWith("x", "y");
  }

  @Test
  void weightedByHand() {
    // BM25 min-max: a 1, b 0.5, c 0. kNN min-max: b 1, d 0.75, a 0.
    // Weights 0.7 / 0.3: a 0.7, b 0.35 + 0.3 = 0.65, c 0, d 0.225.
    List<Fused> fused = Fusion.fuse(BM25, KNN, FusionSettings.weighted(0.7, 0.3));

    assertThat(fused).extracting(Fused::id).containsExactly("a", "b", "d", "c");
    assertScores(fused, 0.7, 0.65, 0.225, 0.0);
  }

  @Test
  void weightsAreNormalisedByTheirSum() {
    List<Fused> a = Fusion.fuse(BM25, KNN, FusionSettings.weighted(7, 3));
    List<Fused> b = Fusion.fuse(BM25, KNN, FusionSettings.weighted(0.7, 0.3));

    assertThat(a)
        .extracting(Fused::id)
        .containsExactlyElementsOf(b.stream().map(Fused::id).toList());
    assertScores(a, b.stream().mapToDouble(Fused::fused).toArray());
  }

  @Test
  void singleModesNormaliseTheirListAndIgnoreTheOther() {
    List<Fused> bm25 = Fusion.fuse(BM25, KNN, FusionSettings.bm25Only());
    List<Fused> knn = Fusion.fuse(BM25, KNN, FusionSettings.knnOnly());

    assertThat(bm25).extracting(Fused::id).containsExactly("a", "b", "c");
    assertThat(bm25).extracting(Fused::fused).containsExactly(1.0, 0.5, 0.0);
    assertThat(bm25).allSatisfy(f -> assertThat(f.knn()).isNull());
    assertThat(knn).extracting(Fused::id).containsExactly("b", "d", "a");
    assertScores(knn, 1.0, 0.75, 0.0);
  }

  @Test
  void oneListEmpty() {
    List<Fused> rrf = Fusion.fuse(BM25, List.of(), FusionSettings.rrf(60));
    List<Fused> weighted = Fusion.fuse(List.of(), KNN, FusionSettings.weighted(0.5, 0.5));

    assertThat(rrf).extracting(Fused::id).containsExactly("a", "b", "c");
    assertThat(rrf.get(0).fused()).isCloseTo(0.5, within(EPS));
    assertThat(rrf).allSatisfy(f -> assertThat(f.knnRank()).isZero());
    assertThat(weighted).extracting(Fused::id).containsExactly("b", "d", "a");
    assertScores(weighted, 0.5, 0.375, 0.0);
    assertThat(Fusion.fuse(List.of(), List.of(), FusionSettings.rrf(60))).isEmpty();
    assertThat(Fusion.fuse(null, null, FusionSettings.weighted(1, 1))).isEmpty();
  }

  @Test
  void tiesAreBrokenByBm25RankThenKnnRankThenId() {
    // RRF: "a" first in BM25 only and "z" first in kNN only tie at 0.5: BM25 wins.
    List<Fused> rrf =
        Fusion.fuse(
            List.of(new Scored("z2", 1)), List.of(new Scored("a2", 1)), FusionSettings.rrf(60));
    assertThat(rrf).extracting(Fused::id).containsExactly("z2", "a2");

    // All scores equal in one list: every id normalises to 1, list order gives the ranks.
    List<Fused> equal =
        Fusion.fuse(
            List.of(new Scored("m", 5), new Scored("c", 5), new Scored("x", 5)),
            List.of(),
            FusionSettings.bm25Only());
    assertThat(equal).extracting(Fused::fused).containsOnly(1.0);
    assertThat(equal).extracting(Fused::id).containsExactly("m", "c", "x");

    // kNN only, same score, same (absent) BM25 rank: kNN rank, then id.
    List<Fused> knn =
        Fusion.fuse(
            List.of(),
            List.of(new Scored("k", 0.7), new Scored("b", 0.7)),
            FusionSettings.knnOnly());
    assertThat(knn).extracting(Fused::id).containsExactly("k", "b");
  }

  @Test
  void aChunkTwiceInAListCountsOnceAtItsBestScore() {
    List<Scored> bm25 = List.of(new Scored("a", 3), new Scored("b", 2), new Scored("a", 9));

    List<Fused> fused = Fusion.fuse(bm25, List.of(), FusionSettings.rrf(60));

    assertThat(fused).extracting(Fused::id).containsExactly("a", "b");
    assertThat(fused.get(0).bm25()).isEqualTo(9.0);
    assertThat(fused.get(0).bm25Rank()).isEqualTo(1);
  }

  @Test
  void fusedScoresStayInZeroOne() {
    for (FusionSettings s :
        List.of(
            FusionSettings.rrf(1),
            FusionSettings.rrf(60),
            FusionSettings.weighted(1, 0),
            FusionSettings.weighted(0.2, 5),
            FusionSettings.bm25Only(),
            FusionSettings.knnOnly())) {
      assertThat(Fusion.fuse(BM25, KNN, s))
          .allSatisfy(f -> assertThat(f.fused()).isBetween(0.0, 1.0));
    }
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> FusionSettings.rrf(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FusionSettings.weighted(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FusionSettings.weighted(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FusionSettings.weighted(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FusionSettings.rrf(60).withCandidates(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FusionSettings.defaults().mode()).isEqualTo(FusionMode.BM25_ONLY);
  }

  @Test
  void firstSentenceFallback() {
    assertThat(HybridRetriever.firstSentence("Une phrase. Une autre.")).isEqualTo("Une phrase.");
    assertThat(HybridRetriever.firstSentence("Combien ? Deux jours.")).isEqualTo("Combien ?");
    assertThat(HybridRetriever.firstSentence("Sans point")).isEqualTo("Sans point");
    assertThat(HybridRetriever.firstSentence(null)).isEmpty();
    assertThat(HybridRetriever.firstSentence("mot ".repeat(200)))
        .hasSizeLessThanOrEqualTo(HybridRetriever.MAX_FALLBACK_SNIPPET + 1)
        .endsWith("…");
  }

  private static void assertScores(List<Fused> fused, double... expected) {
    assertThat(fused).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(fused.get(i).fused()).as("score %d", i).isCloseTo(expected[i], within(1e-9));
    }
  }
}
