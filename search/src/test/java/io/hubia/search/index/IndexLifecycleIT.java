package io.hubia.search.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.search.ChunkFields;
import io.hubia.search.EmbeddedOpenSearch;
import io.hubia.search.OpenSearchClients;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * Index lifecycle and chunk indexing against one embedded node for the whole class; the tests build
 * on each other in order (v1, rebuild into v2, incremental sync, deletion).
 */
@TestMethodOrder(OrderAnnotation.class)
class IndexLifecycleIT {

  private static final String MODEL = "all-MiniLM-L6-v2";
  private static final int DIM = 4;
  private static final String ALIAS = IndexNames.alias("it", "fiches");
  private static final IndexMapping MAPPING =
      IndexMapping.of(new RetrievalIndexSpec(), MODEL, DIM, 0);

  private static EmbeddedOpenSearch node;
  private static OpenSearchClient client;
  private static IndexLifecycle lifecycle;
  private static ChunkIndexer indexer;

  @BeforeAll
  static void startNode() {
    node = EmbeddedOpenSearch.start();
    System.out.printf(
        "Embedded OpenSearch ready at %s in %d ms%n", node.url(), node.startupTime().toMillis());
    client = OpenSearchClients.create(node.url());
    lifecycle = new IndexLifecycle(client);
    indexer = new ChunkIndexer(client);
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
  void firstGenerationIsCreatedFilledAndAliased() throws IOException {
    assertThat(lifecycle.currentPhysical(ALIAS)).isEmpty();
    assertThat(lifecycle.nextGeneration(ALIAS)).isEqualTo(1);

    String v1 = lifecycle.createPhysical(ALIAS, 1, MAPPING);
    indexer.index(
        v1,
        List.of(
            chunk(
                "aides.md",
                0,
                "Aides aux entreprises",
                "Les aides à l'embauche des entreprises adhérentes",
                "h1",
                1,
                0,
                0,
                0),
            chunk(
                "aides.md",
                1,
                "Aides aux entreprises",
                "Le montant de l'aide",
                "h1",
                0.9f,
                0.1f,
                0,
                0),
            chunk(
                "formations.md",
                0,
                "Formations",
                "Le calendrier des formations de la fédération",
                "h2",
                0,
                1,
                0,
                0)),
        Refresh.True);
    lifecycle.flipAlias(ALIAS, v1);

    assertThat(lifecycle.currentPhysical(ALIAS)).hasValue("hubia.it.fiches.v1");
    assertThat(lifecycle.recordedModel(ALIAS))
        .hasValue(
            new RecordedEmbedding(
                v1,
                MODEL,
                DIM,
                IndexMapping.MAPPING_VERSION,
                "v" + IndexMapping.MAPPING_VERSION + ";" + MODEL + "/" + DIM + ";fr;shards=1"));
    assertThat(documentIds(searchText("calendrier"))).containsExactly("formations.md");
    assertThat(lifecycle.nextGeneration(ALIAS)).isEqualTo(2);
  }

  @Test
  @Order(2)
  void sourceHoldsNoVectorButKnnSearchWorks() throws IOException {
    SearchResponse<JsonNode> nearest =
        client.search(
            s ->
                s.index(ALIAS)
                    .size(1)
                    .query(
                        q -> q.knn(k -> k.field(ChunkFields.VECTOR).vector(0f, 1f, 0.1f, 0f).k(1))),
            JsonNode.class);

    JsonNode source = nearest.hits().hits().get(0).source();
    assertThat(source.path(ChunkFields.DOCUMENT_ID).asText()).isEqualTo("formations.md");
    assertThat(source.has(ChunkFields.VECTOR)).isFalse();
    assertThat(source.path(ChunkFields.LABELS).get(0).asText()).isEqualTo("public");
    assertThat(source.path(ChunkFields.CHUNK_ID).asText()).isEqualTo("formations.md#0");
  }

  @Test
  @Order(3)
  void frenchAnalysisMatchesInflectedForms() throws IOException {
    // The verb in the query, the noun with an elided article in the text.
    assertThat(documentIds(searchText("embaucher"))).containsExactly("aides.md");
    assertThat(documentIds(searchText("fédérations"))).containsExactly("formations.md");
  }

  @Test
  @Order(4)
  void rebuildIsInvisibleUntilTheFlipThenReplacesTheOldGeneration() throws IOException {
    long generation = lifecycle.nextGeneration(ALIAS);
    String v2 = lifecycle.createPhysical(ALIAS, generation, MAPPING);
    indexer.index(
        v2,
        List.of(
            chunk(
                "salaires.md",
                0,
                "Salaires",
                "Conventions collectives et salaires minimaux",
                "h3",
                0,
                0,
                1,
                0)),
        Refresh.True);

    // During the rebuild readers still see v1 only.
    assertThat(documentIds(searchText("salaires"))).isEmpty();
    assertThat(documentIds(searchText("calendrier"))).containsExactly("formations.md");

    Set<String> deleted = lifecycle.flipAlias(ALIAS, v2);

    assertThat(deleted).containsExactly("hubia.it.fiches.v1");
    assertThat(lifecycle.currentPhysical(ALIAS)).hasValue("hubia.it.fiches.v2");
    assertThat(documentIds(searchText("salaires"))).containsExactly("salaires.md");
    assertThat(documentIds(searchText("calendrier"))).isEmpty();
    assertThat(client.indices().exists(e -> e.index("hubia.it.fiches.v1")).value()).isFalse();
    assertThat(lifecycle.physicalIndexes(ALIAS)).containsExactly("hubia.it.fiches.v2");
  }

  @Test
  @Order(5)
  void incrementalSyncReadsHashesAndDeletesDocuments() throws IOException {
    indexer.index(
        ALIAS,
        List.of(
            chunk("a.md", 0, "A", "premier", "ha", 1, 0, 0, 0),
            chunk("a.md", 1, "A", "second", "ha", 1, 0, 0, 0),
            chunk("b.md", 0, "B", "troisième", "hb", 0, 1, 0, 0)),
        Refresh.WaitFor);

    assertThat(indexer.indexedHashes(ALIAS))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("salaires.md", "h3", "a.md", "ha", "b.md", "hb"));

    long deleted = indexer.deleteDocuments(ALIAS, Set.of("a.md", "absent.md"));

    assertThat(deleted).isEqualTo(2);
    assertThat(indexer.indexedHashes(ALIAS)).containsOnlyKeys("salaires.md", "b.md");
  }

  @Test
  @Order(6)
  void indexedHashesPagesBeyondTenThousandDocuments() throws IOException {
    String alias = IndexNames.alias("it", "big");
    String v1 = lifecycle.createPhysical(alias, 1, MAPPING);
    int documents = 10_500;
    // Raw documents without vectors: building 10k HNSW entries would only slow the test down.
    List<BulkOperation> operations = new ArrayList<>(documents + 1);
    for (int i = 0; i < documents; i++) {
      operations.add(hashOnly(v1, "doc-" + i, 0, "hash-" + i));
    }
    // A document whose chunks disagree: an interrupted update.
    operations.add(hashOnly(v1, "doc-0", 1, "other"));
    long begin = System.nanoTime();
    for (int from = 0; from < operations.size(); from += 5_000) {
      List<BulkOperation> batch =
          operations.subList(from, Math.min(operations.size(), from + 5_000));
      assertThat(client.bulk(b -> b.operations(batch)).errors()).isFalse();
    }
    indexer.refresh(v1);
    long indexed = System.nanoTime();

    Map<String, String> hashes = indexer.indexedHashes(v1);
    long read = System.nanoTime();
    System.out.printf(
        "Indexed %d chunks in %d ms, read %d hashes in %d ms%n",
        operations.size(),
        (indexed - begin) / 1_000_000,
        hashes.size(),
        (read - indexed) / 1_000_000);

    assertThat(hashes).hasSize(documents);
    assertThat(hashes).containsEntry("doc-10499", "hash-10499");
    assertThat(hashes).containsEntry("doc-0", ChunkIndexer.MIXED_HASHES);
    assertThat(lifecycle.deleteAll(alias)).containsExactly(v1);
  }

  @Test
  @Order(7)
  void anotherEmbeddingModelIsRefused() throws IOException {
    assertThatCode(() -> lifecycle.checkCompatible(ALIAS, MODEL, DIM)).doesNotThrowAnyException();
    assertThatCode(() -> lifecycle.checkCompatible(IndexNames.alias("it", "none"), "x", 768))
        .doesNotThrowAnyException();

    assertThatThrownBy(() -> lifecycle.checkCompatible(ALIAS, "multilingual-e5-base", 768))
        .isInstanceOf(EmbeddingMismatchException.class)
        .hasMessage(
            "index hubia.it.fiches.v2 was built with all-MiniLM-L6-v2/4; spec asks"
                + " multilingual-e5-base/768: a full rebuild is needed");
    assertThatThrownBy(() -> lifecycle.checkCompatible(ALIAS, MODEL, 8))
        .isInstanceOf(EmbeddingMismatchException.class);
  }

  @Test
  @Order(8)
  void wrongVectorDimensionIsAClearBulkError() {
    assertThatThrownBy(
            () ->
                indexer.index(
                    ALIAS,
                    List.of(
                        new IndexedChunk(
                            "x#0",
                            "x",
                            "s",
                            null,
                            "t",
                            null,
                            null,
                            0,
                            List.of(),
                            List.of(),
                            "h",
                            null,
                            new float[] {1, 2})),
                    Refresh.False))
        .isInstanceOf(BulkIndexingException.class)
        .hasMessageContaining("x#0");
  }

  @Test
  @Order(9)
  void deleteAllRemovesAliasAndEveryGeneration() throws IOException {
    // An abandoned rebuild next to the current generation.
    String orphan = lifecycle.createPhysical(ALIAS, 7, MAPPING);

    Set<String> deleted = lifecycle.deleteAll(ALIAS);

    assertThat(deleted).containsExactlyInAnyOrder("hubia.it.fiches.v2", orphan);
    assertThat(lifecycle.aliasTargets(ALIAS)).isEmpty();
    assertThat(lifecycle.physicalIndexes(ALIAS)).isEmpty();
    assertThat(client.indices().exists(e -> e.index(ALIAS)).value()).isFalse();
    assertThat(lifecycle.deleteAll(ALIAS)).isEmpty();
  }

  private static IndexedChunk chunk(
      String documentId, int position, String title, String text, String hash, float... vector) {
    return new IndexedChunk(
        IndexedChunk.chunkId(documentId, position),
        documentId,
        "docs",
        title,
        text,
        title,
        "https://example.org/" + documentId,
        position,
        List.of("public"),
        List.of(),
        hash,
        Instant.parse("2026-01-02T03:04:05Z"),
        vector);
  }

  private static BulkOperation hashOnly(
      String index, String documentId, int position, String hash) {
    String id = IndexedChunk.chunkId(documentId, position);
    return BulkOperation.of(
        b ->
            b.index(
                i ->
                    i.index(index)
                        .id(id)
                        .document(
                            Map.of(
                                ChunkFields.CHUNK_ID, id,
                                ChunkFields.DOCUMENT_ID, documentId,
                                ChunkFields.CONTENT_HASH, hash))));
  }

  private static SearchResponse<JsonNode> searchText(String query) throws IOException {
    return client.search(
        s ->
            s.index(ALIAS)
                .query(
                    q ->
                        q.match(
                            m ->
                                m.field(ChunkFields.TEXT + ".fr")
                                    .query(v -> v.stringValue(query)))),
        JsonNode.class);
  }

  private static List<String> documentIds(SearchResponse<JsonNode> response) {
    return response.hits().hits().stream()
        .map(Hit::source)
        .map(s -> s.path(ChunkFields.DOCUMENT_ID).asText())
        .distinct()
        .toList();
  }
}
