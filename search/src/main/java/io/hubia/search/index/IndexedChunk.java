package io.hubia.search.index;

import io.hubia.search.ChunkFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chunk document as the indexer writes it: the values of {@link ChunkFields} and the chunk's
 * embedding. {@code chunkId} is also the OpenSearch {@code _id}.
 */
public record IndexedChunk(
    String chunkId,
    String documentId,
    String source,
    String title,
    String text,
    String headingPath,
    String uri,
    int position,
    List<String> labels,
    List<String> flags,
    String contentHash,
    Instant updated,
    float[] vector) {

  public IndexedChunk {
    Objects.requireNonNull(chunkId, "chunkId");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(vector, "vector");
    labels = labels == null ? List.of() : List.copyOf(labels);
    flags = flags == null ? List.of() : List.copyOf(flags);
  }

  /** The chunk id Hubia uses: document id, '#', position. */
  public static String chunkId(String documentId, int position) {
    return documentId + "#" + position;
  }

  /** The document body, keyed by {@link ChunkFields}; null values are left out. */
  public Map<String, Object> toDocument() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(ChunkFields.CHUNK_ID, chunkId);
    doc.put(ChunkFields.DOCUMENT_ID, documentId);
    putIfPresent(doc, ChunkFields.SOURCE, source);
    putIfPresent(doc, ChunkFields.TITLE, title);
    putIfPresent(doc, ChunkFields.TEXT, text);
    putIfPresent(doc, ChunkFields.HEADING_PATH, headingPath);
    putIfPresent(doc, ChunkFields.URI, uri);
    doc.put(ChunkFields.POSITION, position);
    doc.put(ChunkFields.LABELS, labels);
    doc.put(ChunkFields.FLAGS, flags);
    putIfPresent(doc, ChunkFields.CONTENT_HASH, contentHash);
    putIfPresent(doc, ChunkFields.UPDATED, updated == null ? null : updated.toString());
    doc.put(ChunkFields.VECTOR, vector);
    return doc;
  }

  private static void putIfPresent(Map<String, Object> doc, String field, Object value) {
    if (value != null) {
      doc.put(field, value);
    }
  }
}
