package io.hubia.runtime.agent;

import io.hubia.api.v1alpha1.spec.RouteSpec;
import io.hubia.api.v1alpha1.spec.RoutingSpec;
import io.hubia.runtime.ingest.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Routes a question to the route whose description or examples are closest to it (cosine of
 * embeddings), or to the default route when none is close enough ({@code minSimilarity}, default
 * 0.3). The route texts are embedded once, when the workflow's configuration is compiled.
 */
public final class SimilarityRouter {
  /** Least similarity for a route to win over the default when the spec sets none. */
  public static final double DEFAULT_MIN_SIMILARITY = 0.3;

  /**
   * The route chosen and how.
   *
   * @param route the route
   * @param similarity its best similarity to the question, or NaN when not computed
   * @param byDefault whether the default route was taken because none was close enough
   */
  public record Choice(RouteSpec route, double similarity, boolean byDefault) {}

  private final List<RouteSpec> routes;
  private final RouteSpec defaultRoute;
  private final double minSimilarity;
  private final List<float[]>[] vectors;

  @SuppressWarnings("unchecked")
  public SimilarityRouter(RoutingSpec spec, Embedder embedder) {
    Objects.requireNonNull(spec, "spec");
    this.routes = List.copyOf(spec.getRoutes());
    this.defaultRoute =
        spec.getDefaultRoute() == null
            ? routes.get(0)
            : routes.stream()
                .filter(r -> r.getName().equals(spec.getDefaultRoute()))
                .findFirst()
                .orElse(routes.get(0));
    this.minSimilarity =
        spec.getMinSimilarity() == null ? DEFAULT_MIN_SIMILARITY : spec.getMinSimilarity();
    this.vectors = new List[routes.size()];
    for (int i = 0; i < routes.size(); i++) {
      RouteSpec route = routes.get(i);
      List<String> texts = new ArrayList<>();
      texts.add(route.getDescription());
      texts.addAll(route.getExamples());
      vectors[i] = embedder.embedAll(texts);
    }
  }

  /** The route for a question whose embedding is {@code question}. */
  public Choice route(float[] question) {
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < routes.size(); i++) {
      for (float[] v : vectors[i]) {
        double score = cosine(question, v);
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
    }
    if (best < 0 || bestScore < minSimilarity) {
      return new Choice(defaultRoute, bestScore, true);
    }
    return new Choice(routes.get(best), bestScore, false);
  }

  /** The route of a given name, if the workflow has it. */
  public java.util.Optional<RouteSpec> named(String name) {
    return routes.stream().filter(r -> r.getName().equals(name)).findFirst();
  }

  /** The default route. */
  public RouteSpec defaultRoute() {
    return defaultRoute;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / (Math.sqrt(na) * Math.sqrt(nb));
  }
}
