package io.hubia.runtime.ingest.embed;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.hubia.runtime.ingest.chunk.MiniLmTokenCounter;
import io.hubia.search.index.IndexLayout;

/**
 * all-MiniLM-L6-v2 (384 dimensions), run inside this JVM: the model ships in the langchain4j jar,
 * nothing is downloaded. One model instance per JVM, loaded on first use (about 2 s). It reads
 * {@value MiniLmTokenCounter#WINDOW} word pieces at most.
 */
public final class InProcessEmbedder extends BatchingEmbedder {

  /** The name recorded in the index. */
  public static final String MODEL_NAME = IndexLayout.IN_PROCESS_MODEL;

  public static final int DIMENSION = IndexLayout.IN_PROCESS_DIMENSION;

  private static volatile EmbeddingModel shared;

  public InProcessEmbedder(int batchSize) {
    super(MODEL_NAME, DIMENSION, batchSize);
  }

  public InProcessEmbedder() {
    this(Embedders.DEFAULT_BATCH_SIZE);
  }

  @Override
  public int window() {
    return MiniLmTokenCounter.WINDOW;
  }

  @Override
  EmbeddingModel model() {
    EmbeddingModel model = shared;
    if (model == null) {
      synchronized (InProcessEmbedder.class) {
        model = shared;
        if (model == null) {
          model = new AllMiniLmL6V2EmbeddingModel();
          shared = model;
        }
      }
    }
    return model;
  }
}
