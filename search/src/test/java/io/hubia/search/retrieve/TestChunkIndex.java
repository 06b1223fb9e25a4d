package io.hubia.search.retrieve;

import io.hubia.search.ChunkFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch.core.BulkResponse;

/**
 * The test's stand-in for the real index mapping (written elsewhere): the fields of {@link
 * ChunkFields} with the same types, so that the retriever is tested against the contract. Replace
 * {@link #create} with the real IndexMapping once it exists.
 */
final class TestChunkIndex {

  private TestChunkIndex() {}

  /** A chunk to index. */
  record Chunk(
      String chunkId,
      String documentId,
      String title,
      String headingPath,
      int position,
      List<String> labels,
      List<String> flags,
      String text) {

    Chunk(String chunkId, String title, List<String> labels, String text) {
      this(
          chunkId,
          chunkId.substring(0, chunkId.indexOf('#')),
          title,
          title,
          0,
          labels,
          List.of(),
          text);
    }

    Chunk flagged(String... flags) {
      return new Chunk(
          chunkId, documentId, title, headingPath, position, labels, List.of(flags), text);
    }
  }

  /** Creates the index with the chunk mapping and points the alias at it. */
  static void create(OpenSearchClient client, String index, String alias, int dimension)
      throws IOException {
    client
        .indices()
        .create(
            c ->
                c.index(index)
                    .settings(s -> s.knn(true).numberOfShards(1).numberOfReplicas(0))
                    .aliases(alias, a -> a)
                    .mappings(
                        m ->
                            m.source(s -> s.excludes(ChunkFields.VECTOR))
                                .properties(ChunkFields.CHUNK_ID, keyword())
                                .properties(ChunkFields.DOCUMENT_ID, keyword())
                                .properties(ChunkFields.SOURCE, keyword())
                                .properties(ChunkFields.TITLE, multilingualText())
                                .properties(ChunkFields.TEXT, multilingualText())
                                .properties(
                                    ChunkFields.HEADING_PATH, Property.of(p -> p.text(t -> t)))
                                .properties(
                                    ChunkFields.URI,
                                    Property.of(p -> p.keyword(k -> k.index(false))))
                                .properties(
                                    ChunkFields.POSITION, Property.of(p -> p.integer(i -> i)))
                                .properties(ChunkFields.LABELS, keyword())
                                .properties(ChunkFields.FLAGS, keyword())
                                .properties(ChunkFields.CONTENT_HASH, keyword())
                                .properties(ChunkFields.UPDATED, Property.of(p -> p.date(d -> d)))
                                .properties(
                                    ChunkFields.VECTOR,
                                    Property.of(
                                        p ->
                                            p.knnVector(
                                                k ->
                                                    k.dimension(dimension)
                                                        .method(
                                                            v ->
                                                                v.name("hnsw")
                                                                    .engine("lucene")
                                                                    .spaceType("cosinesimil")))))));
  }

  /** Indexes the chunks with their toy vectors and refreshes. */
  static void index(OpenSearchClient client, String index, List<Chunk> chunks) throws IOException {
    BulkResponse response =
        client.bulk(
            b -> {
              for (Chunk c : chunks) {
                b.operations(
                    o -> o.index(i -> i.index(index).id(c.chunkId()).document(document(c))));
              }
              return b.refresh(Refresh.True);
            });
    if (response.errors()) {
      throw new IllegalStateException("bulk failed: " + response.items());
    }
  }

  static Map<String, Object> document(Chunk c) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(ChunkFields.CHUNK_ID, c.chunkId());
    doc.put(ChunkFields.DOCUMENT_ID, c.documentId());
    doc.put(ChunkFields.SOURCE, "test");
    doc.put(ChunkFields.TITLE, c.title());
    doc.put(ChunkFields.TEXT, c.text());
    doc.put(ChunkFields.HEADING_PATH, c.headingPath());
    doc.put(ChunkFields.URI, "https://intranet.example/" + c.documentId());
    doc.put(ChunkFields.POSITION, c.position());
    doc.put(ChunkFields.LABELS, c.labels());
    doc.put(ChunkFields.FLAGS, c.flags());
    List<Float> vector = new ArrayList<>();
    for (float f : ToyEmbedding.embed(c.title() + " " + c.text())) {
      vector.add(f);
    }
    doc.put(ChunkFields.VECTOR, vector);
    return doc;
  }

  private static Property keyword() {
    return Property.of(p -> p.keyword(k -> k));
  }

  /** Text with the standard analyzer and one sub-field per language. */
  private static Property multilingualText() {
    return Property.of(
        p ->
            p.text(
                t ->
                    t.fields("fr", f -> f.text(x -> x.analyzer("french")))
                        .fields("en", f -> f.text(x -> x.analyzer("english")))));
  }
}
