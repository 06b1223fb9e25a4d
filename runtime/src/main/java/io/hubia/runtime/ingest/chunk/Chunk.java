package io.hubia.runtime.ingest.chunk;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One piece of a document, the unit that is embedded, retrieved and cited.
 *
 * @param source name of the document's source
 * @param documentId id of the document in its source
 * @param title document title
 * @param uri document link, or {@code null}
 * @param headingPath headings above the chunk, outermost first; empty before the first heading
 * @param position index of the chunk in its document, from 0
 * @param text the chunk's own text, a contiguous part of the document body (snippets, BM25)
 * @param embeddingText what the embedding model reads: the heading-path prefix line, then {@code
 *     text} (Structure strategy); {@code text} alone (Fixed strategy)
 * @param labels labels of the document, plus any Hubia adds to the chunk
 * @param tokenCount model tokens of {@code embeddingText}, at most the configured {@code maxTokens}
 */
public record Chunk(
    String source,
    String documentId,
    String title,
    String uri,
    List<String> headingPath,
    int position,
    String text,
    String embeddingText,
    List<String> labels,
    int tokenCount) {

  public Chunk {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(embeddingText, "embeddingText");
    headingPath = List.copyOf(headingPath);
    labels = List.copyOf(new TreeSet<>(labels));
  }
}
