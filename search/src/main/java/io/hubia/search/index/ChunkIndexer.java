package io.hubia.search.index;

import io.hubia.search.ChunkFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregate;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregationSource;
import org.opensearch.client.opensearch._types.aggregations.CompositeBucket;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.DeleteByQueryResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

/**
 * Writes chunk documents into a physical index (or an alias with one index), deletes the chunks of
 * documents, and reads back which documents an index holds with which content hash, for incremental
 * syncs.
 */
public final class ChunkIndexer {

  /** Chunks per bulk request. */
  static final int BULK_SIZE = 500;

  /** Document ids per delete-by-query (below OpenSearch's terms limit of 65536). */
  static final int DELETE_BATCH = 10_000;

  /** Buckets per page of the composite aggregation of {@link #indexedHashes}. */
  static final int COMPOSITE_PAGE = 1_000;

  /**
   * Hash reported for a document whose chunks carry different hashes (an interrupted update): it
   * never equals a real hash, so an incremental sync re-indexes the document.
   */
  public static final String MIXED_HASHES = "<mixed>";

  private final OpenSearchClient client;

  public ChunkIndexer(OpenSearchClient client) {
    this.client = client;
  }

  /**
   * Indexes {@code chunks} in bulk requests of {@value #BULK_SIZE}; a chunk with an existing id
   * replaces it. {@code refresh} applies to the last request (use {@link Refresh#WaitFor} or {@link
   * Refresh#True} when the chunks must be searchable on return, {@link Refresh#False} while
   * building a new index).
   *
   * @return the number of chunks indexed
   * @throws BulkIndexingException if OpenSearch refused some chunks (the others are indexed)
   */
  public int index(String index, Collection<IndexedChunk> chunks, Refresh refresh)
      throws IOException {
    List<IndexedChunk> all = new ArrayList<>(chunks);
    List<String> failures = new ArrayList<>();
    int failed = 0;
    for (int from = 0; from < all.size(); from += BULK_SIZE) {
      List<IndexedChunk> batch = all.subList(from, Math.min(all.size(), from + BULK_SIZE));
      boolean last = from + BULK_SIZE >= all.size();
      List<BulkOperation> operations = new ArrayList<>(batch.size());
      for (IndexedChunk chunk : batch) {
        operations.add(
            BulkOperation.of(
                b ->
                    b.index(i -> i.index(index).id(chunk.chunkId()).document(chunk.toDocument()))));
      }
      BulkResponse response =
          client.bulk(b -> b.operations(operations).refresh(last ? refresh : Refresh.False));
      if (response.errors()) {
        for (BulkResponseItem item : response.items()) {
          if (item.error() != null) {
            failed++;
            if (failures.size() < 5) {
              failures.add(item.id() + ": " + item.error().type() + " " + item.error().reason());
            }
          }
        }
      }
    }
    if (failed > 0) {
      throw new BulkIndexingException(index, all.size(), failed, failures);
    }
    return all.size();
  }

  /** Makes everything indexed so far searchable. */
  public void refresh(String index) throws IOException {
    client.indices().refresh(r -> r.index(index));
  }

  /**
   * Deletes every chunk of the documents {@code documentIds}, by a query on {@code document_id}.
   *
   * @param refresh whether the deletion is visible to searches on return
   * @return the number of chunks deleted
   */
  public long deleteDocuments(String index, Set<String> documentIds, boolean refresh)
      throws IOException {
    List<String> ids = new ArrayList<>(documentIds);
    long deleted = 0;
    for (int from = 0; from < ids.size(); from += DELETE_BATCH) {
      List<FieldValue> batch =
          ids.subList(from, Math.min(ids.size(), from + DELETE_BATCH)).stream()
              .map(FieldValue::of)
              .toList();
      DeleteByQueryResponse response =
          client.deleteByQuery(
              d ->
                  d.index(index)
                      .conflicts(Conflicts.Proceed)
                      .refresh(refresh ? Refresh.True : Refresh.False)
                      .query(
                          q ->
                              q.terms(
                                  t ->
                                      t.field(ChunkFields.DOCUMENT_ID)
                                          .terms(v -> v.value(batch)))));
      if (!response.failures().isEmpty()) {
        throw new IllegalStateException(
            "deleting documents from " + index + " failed: " + response.failures().get(0));
      }
      deleted += response.deleted() == null ? 0 : response.deleted();
    }
    return deleted;
  }

  /** Deletes every chunk of the documents {@code documentIds}, visible on return. */
  public long deleteDocuments(String index, Set<String> documentIds) throws IOException {
    return deleteDocuments(index, documentIds, true);
  }

  /**
   * Every document of {@code index} with its content hash, read page by page with a composite
   * aggregation on ({@code document_id}, {@code content_hash}): no 10,000-hit limit. A document
   * whose chunks disagree maps to {@link #MIXED_HASHES}; one whose chunks have no hash, to "".
   */
  public Map<String, String> indexedHashes(String index) throws IOException {
    Map<String, String> hashes = new HashMap<>();
    Map<String, FieldValue> after = null;
    while (true) {
      Map<String, FieldValue> afterKey = after;
      SearchResponse<Void> response =
          client.search(
              s ->
                  s.index(index)
                      .size(0)
                      .aggregations(
                          "docs",
                          a ->
                              a.composite(
                                  c -> {
                                    c.size(COMPOSITE_PAGE)
                                        .sources(
                                            List.of(
                                                Map.of("doc", terms(ChunkFields.DOCUMENT_ID)),
                                                Map.of(
                                                    "hash", missingOk(ChunkFields.CONTENT_HASH))));
                                    if (afterKey != null) {
                                      c.after(afterKey);
                                    }
                                    return c;
                                  })),
              Void.class);
      CompositeAggregate composite = response.aggregations().get("docs").composite();
      List<CompositeBucket> buckets = composite.buckets().array();
      for (CompositeBucket bucket : buckets) {
        String doc = bucket.key().get("doc").stringValue();
        FieldValue hashValue = bucket.key().get("hash");
        String hash = hashValue == null || hashValue.isNull() ? "" : hashValue.stringValue();
        hashes.merge(doc, hash, (a, b) -> a.equals(b) ? a : MIXED_HASHES);
      }
      if (buckets.size() < COMPOSITE_PAGE || composite.afterKey() == null) {
        return hashes;
      }
      after = composite.afterKey();
    }
  }

  private static CompositeAggregationSource terms(String field) {
    return CompositeAggregationSource.of(s -> s.terms(t -> t.field(field)));
  }

  private static CompositeAggregationSource missingOk(String field) {
    return CompositeAggregationSource.of(s -> s.terms(t -> t.field(field).missingBucket(true)));
  }
}
