package io.hubia.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.cat.plugins.PluginsRecord;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * One embedded node for the whole class (a start costs ~5-15 s): the functional tests run first,
 * the last test closes the node and checks that the child JVM is gone.
 */
@TestMethodOrder(OrderAnnotation.class)
class EmbeddedOpenSearchIT {

  private static final String INDEX = "fiches";

  private static EmbeddedOpenSearch node;
  private static OpenSearchClient client;

  /** A document of the test index. */
  record Fiche(String title, List<Float> vector) {}

  @BeforeAll
  static void startNode() {
    node = EmbeddedOpenSearch.start();
    System.out.printf(
        "Embedded OpenSearch ready at %s in %d ms%n", node.url(), node.startupTime().toMillis());
    client = OpenSearchClients.create(node.url());
  }

  @AfterAll
  static void stopNode() throws IOException {
    if (client != null) {
      client._transport().close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @Order(1)
  void clusterIsUp() throws IOException {
    HealthStatus status = client.cluster().health().status();

    assertThat(status).isIn(HealthStatus.Green, HealthStatus.Yellow);
    assertThat(node.url().getHost()).isEqualTo("127.0.0.1");
    assertThat(node.isRunning()).isTrue();
  }

  @Test
  @Order(2)
  void knnPluginIsLoaded() throws IOException {
    List<PluginsRecord> plugins = client.cat().plugins().valueBody();

    // Embedded, the component is the plugin class; on a cluster it is "opensearch-knn".
    assertThat(plugins).extracting(PluginsRecord::component).anyMatch(c -> c.contains("KNNPlugin"));
  }

  @Test
  @Order(3)
  void searchesByVectorAndByFrenchText() throws IOException {
    client
        .indices()
        .create(
            c ->
                c.index(INDEX)
                    .settings(s -> s.knn(true).numberOfShards(1).numberOfReplicas(0))
                    .mappings(
                        m ->
                            m.properties("title", p -> p.text(t -> t.analyzer("french")))
                                .properties(
                                    "vector",
                                    p ->
                                        p.knnVector(
                                            k ->
                                                k.dimension(4)
                                                    .method(
                                                        v ->
                                                            v.name("hnsw")
                                                                .engine("lucene")
                                                                .spaceType("l2"))))));
    index("aides", "Les aides à l'embauche des entreprises adhérentes", 1f, 0f, 0f, 0f);
    index("formations", "Le calendrier des formations de la fédération", 0f, 1f, 0f, 0f);
    index("salaires", "Conventions collectives et salaires minimaux", 0f, 0f, 1f, 0f);

    SearchResponse<Fiche> nearest =
        client.search(
            s ->
                s.index(INDEX)
                    .size(2)
                    .query(q -> q.knn(k -> k.field("vector").vector(0.1f, 0.9f, 0f, 0f).k(2))),
            Fiche.class);
    // Singular and an elided article in the query, plural in the document: only the french
    // analyzer's elision and stemming make them meet.
    SearchResponse<Fiche> text =
        client.search(
            s ->
                s.index(INDEX)
                    .query(
                        q ->
                            q.match(
                                m ->
                                    m.field("title")
                                        .query(
                                            v ->
                                                v.stringValue("entreprise adhérente l'embauche")))),
            Fiche.class);

    assertThat(nearest.hits().hits()).extracting(Hit::id).first().isEqualTo("formations");
    assertThat(nearest.hits().hits().get(0).source().title()).contains("formations");
    assertThat(text.hits().hits()).extracting(Hit::id).containsExactly("aides");
  }

  @Test
  @Order(4)
  void closeStopsTheChildAndFreesItsPort() throws Exception {
    long pid = node.pid();
    int port = node.url().getPort();
    client._transport().close();
    client = null;

    long begin = System.nanoTime();
    node.close();
    Duration stop = Duration.ofNanos(System.nanoTime() - begin);
    System.out.printf("Embedded OpenSearch stopped in %d ms%n", stop.toMillis());

    assertThat(stop).isLessThan(Duration.ofSeconds(5));
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(node.isRunning()).isFalse();
    assertThatCode(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
              }
            })
        .isInstanceOf(ConnectException.class);
    assertThatCode(node::close).doesNotThrowAnyException();
  }

  private static void index(String id, String title, Float... vector) throws IOException {
    client.index(
        i ->
            i.index(INDEX)
                .id(id)
                .document(new Fiche(title, List.of(vector)))
                .refresh(Refresh.True));
  }
}
