package io.hubia.runtime.answer;

import io.hubia.search.ChunkFields;
import io.hubia.search.retrieve.RetrievedChunk;
import java.util.Objects;

/**
 * A retrieved chunk as answerers and the citation verifier see it: numbered from 1 in the order
 * they were given, so that an answer cites it as {@code [number]}. Only chunks the caller may read
 * ever become evidence.
 *
 * @param number 1-based number of the chunk in this request's evidence
 * @param chunk the chunk, with its document metadata and retrieval scores
 * @param relevance relevance of the chunk to the question, in 0..1, comparable across retrieval
 *     modes and indexes (see {@code EvidenceScorer}); what {@code minRetrievalScore} is compared to
 */
public record Evidence(int number, RetrievedChunk chunk, double relevance) {
  public Evidence {
    if (number < 1) {
      throw new IllegalArgumentException("evidence numbers start at 1, not " + number);
    }
    Objects.requireNonNull(chunk, "chunk");
  }

  /**
   * Whether ingestion flagged the chunk as possibly carrying prompt injection; such chunks reach
   * the answerers only under {@code flaggedDocuments: IncludeWithWarning}.
   */
  public boolean flaggedAsInjection() {
    return chunk.flags().contains(ChunkFields.FLAG_INJECTION_SUSPECTED);
  }
}
