package io.hubia.search.retrieve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fusion math of {@link HybridRetriever}, free of OpenSearch so that it can be checked by hand.
 *
 * <p>Inputs are ranked lists, best first. An id appearing twice in a list (the same chunk found
 * through two aliases) counts once, at its best rank. The output is every id of the lists used by
 * the mode, with a fused score in 0..1, sorted by fused score (highest first), then by BM25 rank
 * (BM25 is the stronger list on French data), then by k-NN rank, then by id, so that the order is
 * deterministic.
 */
public final class Fusion {

  private Fusion() {}

  /** An id with its score in one list. */
  public record Scored(String id, double score) {}

  /**
   * A fused id.
   *
   * @param id the id
   * @param fused fused score in 0..1
   * @param bm25 raw BM25 score, or null if absent from that list
   * @param knn raw k-NN score, or null if absent from that list
   * @param bm25Rank rank in the BM25 list from 1, or 0 if absent
   * @param knnRank rank in the k-NN list from 1, or 0 if absent
   */
  public record Fused(
      String id, double fused, Double bm25, Double knn, int bm25Rank, int knnRank) {}

  /** Fuses the lists as {@code settings} says; a list the mode does not use is ignored. */
  public static List<Fused> fuse(List<Scored> bm25, List<Scored> knn, FusionSettings settings) {
    FusionMode mode = settings.mode();
    Map<String, Scored> b = mode.usesBm25() ? dedup(bm25) : Map.of();
    Map<String, Scored> k = mode.usesKnn() ? dedup(knn) : Map.of();
    Map<String, Integer> bRank = ranks(b);
    Map<String, Integer> kRank = ranks(k);
    Map<String, Double> bNorm = minMax(b);
    Map<String, Double> kNorm = minMax(k);

    LinkedHashMap<String, Boolean> ids = new LinkedHashMap<>();
    b.keySet().forEach(id -> ids.put(id, true));
    k.keySet().forEach(id -> ids.put(id, true));

    List<Fused> out = new ArrayList<>(ids.size());
    for (String id : ids.keySet()) {
      int rb = bRank.getOrDefault(id, 0);
      int rk = kRank.getOrDefault(id, 0);
      double fused =
          switch (mode) {
            case RRF -> rrf(settings.rrfK(), rb, rk);
            case WEIGHTED -> {
              double wb = settings.bm25Weight();
              double wk = settings.knnWeight();
              yield (wb * bNorm.getOrDefault(id, 0.0) + wk * kNorm.getOrDefault(id, 0.0))
                  / (wb + wk);
            }
            case BM25_ONLY -> bNorm.getOrDefault(id, 0.0);
            case KNN_ONLY -> kNorm.getOrDefault(id, 0.0);
          };
      Scored sb = b.get(id);
      Scored sk = k.get(id);
      out.add(
          new Fused(
              id,
              clamp(fused),
              sb == null ? null : sb.score(),
              sk == null ? null : sk.score(),
              rb,
              rk));
    }
    out.sort(ORDER);
    return out;
  }

  /**
   * Reciprocal-rank fusion of one id, ranks from 1 (0 = absent), divided by the maximum {@code 2 /
   * (k + 1)}: first in both lists gives 1, first in one list only gives 0.5.
   */
  static double rrf(int k, int bm25Rank, int knnRank) {
    double sum = 0;
    if (bm25Rank > 0) {
      sum += 1.0 / (k + bm25Rank);
    }
    if (knnRank > 0) {
      sum += 1.0 / (k + knnRank);
    }
    return sum / (2.0 / (k + 1));
  }

  /**
   * Min-max normalisation within one list: best 1, worst 0; a list whose scores are all equal (one
   * hit, or ties only) gives 1 to every id.
   */
  static Map<String, Double> minMax(Map<String, Scored> list) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Scored s : list.values()) {
      min = Math.min(min, s.score());
      max = Math.max(max, s.score());
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Scored s : list.values()) {
      out.put(s.id(), max > min ? (s.score() - min) / (max - min) : 1.0);
    }
    return out;
  }

  private static final Comparator<Fused> ORDER =
      Comparator.comparingDouble(Fused::fused)
          .reversed()
          .thenComparingInt(f -> f.bm25Rank() == 0 ? Integer.MAX_VALUE : f.bm25Rank())
          .thenComparingInt(f -> f.knnRank() == 0 ? Integer.MAX_VALUE : f.knnRank())
          .thenComparing(Fused::id);

  /**
   * Keeps each id once, with its best score, ranked by score (highest first; the list order breaks
   * ties).
   */
  private static Map<String, Scored> dedup(List<Scored> list) {
    Map<String, Scored> best = new LinkedHashMap<>();
    if (list == null) {
      return best;
    }
    for (Scored s : list) {
      best.merge(s.id(), s, (a, c) -> c.score() > a.score() ? c : a);
    }
    List<Scored> sorted = new ArrayList<>(best.values());
    sorted.sort(Comparator.comparingDouble(Scored::score).reversed());
    Map<String, Scored> out = new LinkedHashMap<>();
    sorted.forEach(s -> out.put(s.id(), s));
    return out;
  }

  private static Map<String, Integer> ranks(Map<String, Scored> list) {
    Map<String, Integer> out = new LinkedHashMap<>();
    int rank = 1;
    for (String id : list.keySet()) {
      out.put(id, rank++);
    }
    return out;
  }

  private static double clamp(double v) {
    return Math.max(0.0, Math.min(1.0, v));
  }
}
