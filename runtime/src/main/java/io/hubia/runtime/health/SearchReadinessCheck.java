package io.hubia.runtime.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every OpenSearch cluster the served configurations name answers and the alias of every
 * index they read exists: without them no question can be answered (503 {@code
 * search-unavailable}). Reads the last background probe of {@link SearchHealth}; never waits for
 * OpenSearch.
 *
 * <p>Data, for the one cluster a configuration names: {@code url} (no credentials), {@code state},
 * {@code lastCheck}, {@code aliases}, and {@code reason} when DOWN. When the configurations of a
 * folder (local mode) name several clusters, each key is prefixed with the cluster's URL and a dot.
 */
@Readiness
@ApplicationScoped
public class SearchReadinessCheck implements HealthCheck {
  static final String NAME = "search";

  private final SearchHealth health;

  public SearchReadinessCheck(SearchHealth health) {
    this.health = health;
  }

  @Override
  public HealthCheckResponse call() {
    return check(health.status());
  }

  static HealthCheckResponse check(SearchHealth.Status status) {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    if (!status.configured()) {
      // the runtime-configuration check is DOWN and says why; nothing to add here
      return response
          .up()
          .withData("state", "NO_CONFIGURATION")
          .withData("note", "no configuration loaded yet: no cluster to check")
          .build();
    }
    List<SearchHealth.Cluster> clusters = status.clusters();
    List<String> reasons = new ArrayList<>();
    for (SearchHealth.Cluster c : clusters) {
      String prefix = clusters.size() == 1 ? "" : c.url() + ".";
      response
          .withData(prefix + "url", c.url())
          .withData(prefix + "state", c.state().name())
          .withData(
              prefix + "aliases", c.aliases().isEmpty() ? "none" : String.join(", ", c.aliases()));
      if (c.lastCheck() != null) {
        response.withData(prefix + "lastCheck", c.lastCheck().toString());
      }
      for (String problem : c.problems()) {
        reasons.add(clusters.size() == 1 ? problem : c.url() + ": " + problem);
      }
    }
    if (status.up()) {
      return response.up().build();
    }
    return response.down().withData("reason", String.join("; ", reasons)).build();
  }
}
