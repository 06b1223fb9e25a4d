package io.hubia.search.retrieve;

import java.util.List;

/**
 * A chunk returned by {@link HybridRetriever}.
 *
 * @param chunkId unique id of the chunk
 * @param documentId id of its document
 * @param title title of its document
 * @param uri link to its document, for citations
 * @param position position of the chunk in its document, from 0
 * @param labels its permission labels (at least one is readable by the caller)
 * @param flags its ingestion flags (none of them excluded by the request)
 * @param text its text
 * @param highlight a snippet with the query terms in {@code <em>} from the BM25 highlighter, or the
 *     first sentence of the text when the chunk was found by k-NN only
 * @param bm25Score raw BM25 score, or {@code null} if the chunk was not in the BM25 list
 * @param knnScore raw k-NN score ({@code (1 + cosine) / 2} for cosinesimil), or {@code null} if the
 *     chunk was not in the k-NN list
 * @param fusedScore the fused score, in 0..1; the results are sorted by it, highest first
 */
public record RetrievedChunk(
    String chunkId,
    String documentId,
    String title,
    String uri,
    int position,
    List<String> labels,
    List<String> flags,
    String text,
    String highlight,
    Double bm25Score,
    Double knnScore,
    double fusedScore) {

  public RetrievedChunk {
    labels = labels == null ? List.of() : List.copyOf(labels);
    flags = flags == null ? List.of() : List.copyOf(flags);
  }
}
