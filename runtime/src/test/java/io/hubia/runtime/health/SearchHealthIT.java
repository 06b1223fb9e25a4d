package io.hubia.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.RuntimeConfigLoader;
import io.hubia.runtime.testing.SampleConfig;
import io.hubia.search.EmbeddedOpenSearch;
import io.hubia.search.OpenSearchClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The search probe against a real OpenSearch node (embedded): a cluster that answers, an alias that
 * is missing then created, a port nothing listens on, and a node that hangs (its process stopped
 * with SIGSTOP, then continued).
 */
class SearchHealthIT {
  private static final String ALIAS = "hubia-demo-fiches-droit-social";

  private static EmbeddedOpenSearch node;
  private static OpenSearchClient admin;
  private final Map<String, OpenSearchClient> clients = new HashMap<>();
  private final List<ConfigSnapshot> snapshots = new ArrayList<>();

  @BeforeAll
  static void startNode() {
    node = EmbeddedOpenSearch.start();
    admin = OpenSearchClients.create(node.url());
  }

  @AfterAll
  static void stopNode() throws IOException {
    admin._transport().close();
    node.close();
  }

  @AfterEach
  void close() throws IOException {
    for (OpenSearchClient client : clients.values()) {
      client._transport().close();
    }
    if (admin.indices().exists(e -> e.index(ALIAS + "-v1")).value()) {
      admin.indices().delete(d -> d.index(ALIAS + "-v1"));
    }
  }

  private static void createAlias() throws IOException {
    admin.indices().create(c -> c.index(ALIAS + "-v1").aliases(ALIAS, a -> a));
  }

  private static void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).start();
    assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
  }

  private static String url() {
    return node.url().toString();
  }

  private SearchHealth health(Duration timeout) {
    return new SearchHealth(
        () -> List.copyOf(snapshots),
        this::client,
        Duration.ZERO, // every checkNow probes
        timeout,
        Clock.systemUTC());
  }

  private OpenSearchClient client(RuntimeConfig config) {
    return clients.computeIfAbsent(
        config.getOpensearch().getUrl(), u -> OpenSearchClients.create(URI.create(u)));
  }

  private void serve(String workflow, String url) {
    try {
      snapshots.add(
          new RuntimeConfigLoader()
              .parse(
                  SampleConfig.valid(workflow, 1, "p", 1, url).getBytes(StandardCharsets.UTF_8),
                  "test"));
    } catch (io.hubia.runtime.config.InvalidConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> data(HealthCheckResponse response) {
    return response.getData().orElseThrow();
  }

  @Test
  void saysSoBeforeAConfigurationIsLoadedWithoutAddingAReasonToReadiness() {
    SearchHealth health = health(Duration.ofSeconds(2));
    health.checkNow();

    HealthCheckResponse r = SearchReadinessCheck.check(health.status());
    assertThat(r.getName()).isEqualTo("search");
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data(r)).containsEntry("state", "NO_CONFIGURATION").doesNotContainKey("reason");
  }

  @Test
  void notCheckedYetIsNotReady() {
    serve("a", url());
    HealthCheckResponse r = SearchReadinessCheck.check(health(Duration.ofSeconds(2)).status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data(r))
        .containsEntry("state", "NOT_CHECKED")
        .containsEntry("reason", "not checked yet");
  }

  @Test
  void upWhenTheClusterAnswersAndEveryAliasExists() throws IOException {
    createAlias();
    serve("a", url());
    SearchHealth health = health(Duration.ofSeconds(2));
    health.checkNow();

    HealthCheckResponse r = SearchReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(data(r))
        .containsEntry("url", url())
        .containsEntry("state", "UP")
        .containsEntry("aliases", ALIAS)
        .containsKey("lastCheck")
        .doesNotContainKey("reason");
  }

  @Test
  void downNamingTheMissingAlias() throws IOException {
    serve("a", url());
    SearchHealth health = health(Duration.ofSeconds(2));
    health.checkNow();

    HealthCheckResponse r = SearchReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data(r))
        .containsEntry("state", "DOWN")
        .containsEntry("reason", "alias " + ALIAS + " does not exist");

    // the index is synced: the next probe finds it
    createAlias();
    health.checkNow();
    assertThat(SearchReadinessCheck.check(health.status()).getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void downWhenTheClusterIsUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    serve("a", "http://127.0.0.1:" + port);
    SearchHealth health = health(Duration.ofSeconds(2));
    health.checkNow();

    HealthCheckResponse r = SearchReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat((String) data(r).get("reason")).startsWith("unreachable: ").contains("onnect");
  }

  @Test
  void aHungNodeNeitherHoldsTheCheckNorGetsMoreRequestsAndRecovers() throws Exception {
    createAlias();
    serve("a", url());
    SearchHealth health = health(Duration.ofMillis(300));
    signal("STOP");
    try {
      long start = System.nanoTime();
      health.checkNow();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      HealthCheckResponse r = SearchReadinessCheck.check(health.status());
      assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
      assertThat(data(r)).containsEntry("reason", "no answer within 300 ms");

      // while the first requests hang, the next probes send nothing new and stay DOWN
      health.checkNow();
      assertThat((String) data(SearchReadinessCheck.check(health.status())).get("reason"))
          .contains("still running");
    } finally {
      signal("CONT");
    }
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              health.checkNow();
              assertThat(SearchReadinessCheck.check(health.status()).getStatus())
                  .isEqualTo(HealthCheckResponse.Status.UP);
            });
  }

  @Test
  void severalClustersArePrefixedWithTheirUrl() throws IOException {
    createAlias();
    serve("a", url());
    serve("b", "http://127.0.0.1:1");
    SearchHealth health = health(Duration.ofSeconds(2));
    health.checkNow();

    HealthCheckResponse r = SearchReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data(r))
        .containsEntry(url() + ".state", "UP")
        .containsEntry("http://127.0.0.1:1.state", "DOWN");
    assertThat((String) data(r).get("reason")).startsWith("http://127.0.0.1:1: unreachable");
  }

  @Test
  void refusedCredentialsAndForbiddenReadsSayWhatToFix() {
    assertThat(SearchHealth.problem(401, false)).startsWith("HTTP 401").contains("rejected");
    assertThat(SearchHealth.problem(403, true)).contains("read this alias");
    assertThat(SearchHealth.problem(403, false)).contains("cluster:monitor/main");
    assertThat(SearchHealth.problem(404, true)).isEqualTo(SearchHealth.MISSING);
    assertThat(SearchHealth.problem(200, true)).isNull();
  }

  @Test
  void theUrlIsShownWithoutCredentials() {
    assertThat(SearchHealth.display("https://admin:secret@os.example:9200/prefix"))
        .isEqualTo("https://os.example:9200/prefix");
    assertThat(SearchHealth.display("https://os.example:9200"))
        .isEqualTo("https://os.example:9200");
    assertThat(SearchHealth.display(null)).isEqualTo("(no OpenSearch URL)");
  }

  @Test
  void aConfigurationWithoutUrlIsDownWithTheReason() {
    serve("a", url());
    snapshots.get(0).config().getOpensearch().setUrl(null);
    SearchHealth health =
        new SearchHealth(
            () -> List.copyOf(snapshots),
            config -> {
              throw new IllegalStateException("the runtime configuration names no OpenSearch URL");
            },
            Duration.ZERO,
            Duration.ofSeconds(1),
            Clock.systemUTC());
    health.checkNow();

    HealthCheckResponse r = SearchReadinessCheck.check(health.status());
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(data(r))
        .containsEntry("url", "(no OpenSearch URL)")
        .containsEntry("reason", "the runtime configuration names no OpenSearch URL");
  }
}
