package io.hubia.runtime.answer.model;

import io.hubia.search.retrieve.RetrievedChunk;
import java.util.List;

/**
 * What an IndexLookup tool calls: retrieval in one of the workflow's indexes, filtered by the
 * caller's permissions (the runtime implements it with the same permission-filtered retrieval as
 * the question itself, so that a tool never shows a chunk the caller may not read).
 */
@FunctionalInterface
public interface IndexLookup {
  /**
   * @param index the name of one of the workflow's indexes (the tool's {@code index})
   * @param query what the model looks for
   * @return the chunks found, best first; may be empty
   */
  List<RetrievedChunk> lookup(String index, String query);
}
