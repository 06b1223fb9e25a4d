package io.hubia.runtime.ingest.embed;

import java.util.List;

/**
 * Turns texts into vectors with one embedding model. The {@link #name()} and {@link #dimension()}
 * are recorded in the index: vectors of another model or size cannot be mixed with them.
 */
public interface Embedder {

  /** The model name recorded in the index, e.g. {@code all-MiniLM-L6-v2}. */
  String name();

  /** The size of every vector. */
  int dimension();

  /**
   * Tokens of text the model reads at most; chunks are sized to fit (counted with the MiniLM
   * tokenizer, an approximation for other models).
   */
  int window();

  /**
   * The vectors of {@code texts}, in order, computed in batches.
   *
   * @throws EmbeddingException when the model fails or returns vectors of the wrong count or size
   */
  List<float[]> embedAll(List<String> texts);
}
