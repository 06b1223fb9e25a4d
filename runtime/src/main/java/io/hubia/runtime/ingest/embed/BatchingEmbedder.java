package io.hubia.runtime.ingest.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An {@link Embedder} over a langchain4j {@link EmbeddingModel}, calling it batch by batch. */
abstract class BatchingEmbedder implements Embedder {

  private final String name;
  private final int dimension;
  private final int batchSize;

  BatchingEmbedder(String name, int dimension, int batchSize) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the embedding model name must not be empty");
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, not " + dimension);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, not " + batchSize);
    }
    this.name = name;
    this.dimension = dimension;
    this.batchSize = batchSize;
  }

  /** The model texts are sent to. */
  abstract EmbeddingModel model();

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int dimension() {
    return dimension;
  }

  /** Texts per call to the model. */
  public final int batchSize() {
    return batchSize;
  }

  @Override
  public final List<float[]> embedAll(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      List<TextSegment> batch =
          texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
              .map(TextSegment::from)
              .toList();
      List<Embedding> embeddings;
      try {
        embeddings = model().embedAll(batch).content();
      } catch (RuntimeException e) {
        throw new EmbeddingException(
            "embedding model " + name + " failed on a batch of " + batch.size() + ": " + e, e);
      }
      if (embeddings == null || embeddings.size() != batch.size()) {
        throw new EmbeddingException(
            "embedding model "
                + name
                + " returned "
                + (embeddings == null ? 0 : embeddings.size())
                + " vectors for "
                + batch.size()
                + " texts");
      }
      for (Embedding embedding : embeddings) {
        float[] vector = embedding.vector();
        if (vector.length != dimension) {
          throw new EmbeddingException(
              "embedding model "
                  + name
                  + " returned a vector of "
                  + vector.length
                  + " dimensions; "
                  + dimension
                  + " expected (check embedding.dimension)");
        }
        vectors.add(vector);
      }
    }
    return vectors;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "/" + dimension + "]";
  }
}
