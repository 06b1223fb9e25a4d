package io.hubia.search.retrieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.search.OpenSearchClients;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.SearchRequest;

/** The retriever without a node: what it sends, and when it sends nothing. */
class HybridRetrieverTest {

  /** Nothing listens there: any query would fail. */
  private static OpenSearchClient unreachable;

  private static HybridRetriever retriever;

  @BeforeAll
  static void setUp() {
    unreachable = OpenSearchClients.create(URI.create("http://127.0.0.1:1"));
    retriever = new HybridRetriever(unreachable);
  }

  @AfterAll
  static void tearDown() throws IOException {
    unreachable._transport().close();
  }

  private static RetrievalRequest request(Set<String> labels, FusionSettings fusion) {
    return new RetrievalRequest(
        List.of("chunks"),
        "période d'essai",
        new float[] {0.1f, 0.2f},
        labels,
        Set.of("injection-suspected"),
        5,
        Language.FR,
        fusion);
  }

  @Test
  void aCallerWhoReadsNothingGetsNothingAndNoQueryIsSent() {
    assertThat(retriever.retrieve(request(Set.of(), FusionSettings.rrf(60)))).isEmpty();
  }

  @Test
  void aRequestWithNeitherTextNorVectorGetsNothing() {
    RetrievalRequest request =
        new RetrievalRequest(
            List.of("chunks"), " ", null, Set.of("public"), Set.of(), 5, null, null);

    assertThat(retriever.retrieve(request)).isEmpty();
  }

  @Test
  void anUnreachableClusterFailsLoudly() {
    assertThatThrownBy(
            () -> retriever.retrieve(request(Set.of("public"), FusionSettings.bm25Only())))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void theBm25QueryCarriesThePermissionFilter() throws IOException {
    JsonNode body =
        json(
            retriever.bm25Search(request(Set.of("public", "interne"), FusionSettings.rrf(60)), 50));

    JsonNode bool = body.at("/query/bool");
    assertThat(bool.at("/must/0/multi_match/fields").toString())
        .contains("text.fr", "title.fr^2.0", "heading_path");
    assertThat(bool.at("/filter/0/terms/labels").toString()).isEqualTo("[\"interne\",\"public\"]");
    assertThat(bool.at("/must_not/0/terms/flags").toString())
        .isEqualTo("[\"injection-suspected\"]");
    assertThat(body.at("/highlight/fields").has("text.fr")).isTrue();
    assertThat(body.at("/size").asInt()).isEqualTo(50);
  }

  @Test
  void theKnnQueryFiltersInsideTheAnnSearch() throws IOException {
    JsonNode body =
        json(retriever.knnSearch(request(Set.of("public"), FusionSettings.rrf(60)), 40));

    JsonNode knn = body.at("/query/knn/vector");
    assertThat(knn.at("/k").asInt()).isEqualTo(40);
    assertThat(knn.at("/filter/bool/filter/0/terms/labels").toString()).isEqualTo("[\"public\"]");
    assertThat(knn.at("/filter/bool/must_not/0/terms/flags").toString())
        .isEqualTo("[\"injection-suspected\"]");
    // Not a post_filter, not a bool around the knn query.
    assertThat(body.has("post_filter")).isFalse();
    assertThat(body.at("/query").fieldNames().next()).isEqualTo("knn");
  }

  @Test
  void theLanguagePicksTheSubFields() throws IOException {
    RetrievalRequest en =
        new RetrievalRequest(
            List.of("chunks"),
            "trial period",
            null,
            Set.of("public"),
            Set.of(),
            5,
            Language.EN,
            null);

    JsonNode body = json(retriever.bm25Search(en, 5));

    assertThat(body.at("/query/bool/must/0/multi_match/fields").toString())
        .contains("text.en", "title.en");
    assertThat(body.at("/query/bool/must_not").isMissingNode()).isTrue();
    assertThat(HybridRetriever.subField("title", Language.EN)).isEqualTo("title.en");
  }

  @Test
  void theModeRunDependsOnWhatTheRequestCarries() {
    RetrievalRequest both = request(Set.of("public"), FusionSettings.rrf(60));
    RetrievalRequest textOnly =
        new RetrievalRequest(
            List.of("c"), "x", null, Set.of("public"), Set.of(), 5, null, FusionSettings.knnOnly());
    RetrievalRequest vectorOnly =
        new RetrievalRequest(
            List.of("c"), "", new float[] {1f}, Set.of("public"), Set.of(), 5, null, null);

    assertThat(HybridRetriever.effectiveFusion(both).mode()).isEqualTo(FusionMode.RRF);
    assertThat(HybridRetriever.effectiveFusion(textOnly).mode()).isEqualTo(FusionMode.BM25_ONLY);
    assertThat(HybridRetriever.effectiveFusion(vectorOnly).mode()).isEqualTo(FusionMode.KNN_ONLY);
  }

  @Test
  void requestsAreValidatedAndCopied() {
    float[] vector = {1.25f, 2.5f};
    RetrievalRequest r =
        new RetrievalRequest(List.of("c"), "q", vector, Set.of("public"), null, 3, null, null);
    vector[0] = 9f;

    assertThat(r.queryVector()[0]).isEqualTo(1.25f);
    assertThat(r.excludedFlags()).isEmpty();
    assertThat(r.language()).isEqualTo(Language.FR);
    assertThat(r.fusion()).isEqualTo(FusionSettings.defaults());
    assertThat(r).isEqualTo(r.withTopK(3)).hasSameHashCodeAs(r.withTopK(3));
    assertThat(r.toString()).contains("2 dims").doesNotContain("1.25");
    assertThatThrownBy(() -> r.withTopK(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RetrievalRequest(List.of(), "q", null, Set.of(), Set.of(), 3, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new RetrievalRequest(List.of("c"), "q", null, null, Set.of(), 3, null, null))
        .isInstanceOf(NullPointerException.class);
  }

  private static JsonNode json(SearchRequest request) throws IOException {
    JacksonJsonpMapper mapper = new JacksonJsonpMapper();
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
      request.serialize(generator, mapper);
    }
    return new ObjectMapper().readTree(out.toString());
  }
}
