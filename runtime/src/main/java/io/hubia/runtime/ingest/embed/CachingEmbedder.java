package io.hubia.runtime.ingest.embed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link Embedder} that remembers the vectors of the texts it embedded (least recently used
 * forgotten first). Answering embeds the same chunk sentences several times per question
 * (relevance, sentence selection, verification) and again for the next question on the same topic;
 * the model is deterministic, so a cached vector is the vector. Not for ingestion, where texts are
 * seen once. Thread-safe.
 */
public final class CachingEmbedder implements Embedder {
  private final Embedder delegate;
  private final Map<String, float[]> cache;

  /**
   * @param maxEntries vectors kept at most (384 floats of all-MiniLM-L6-v2 take 1.5 KiB each)
   */
  public CachingEmbedder(Embedder delegate, int maxEntries) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > maxEntries;
          }
        };
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public int window() {
    return delegate.window();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    float[][] vectors = new float[texts.size()][];
    Map<String, Integer> missing = new LinkedHashMap<>();
    synchronized (cache) {
      for (int i = 0; i < texts.size(); i++) {
        vectors[i] = cache.get(texts.get(i));
        if (vectors[i] == null) {
          missing.putIfAbsent(texts.get(i), missing.size());
        }
      }
    }
    if (!missing.isEmpty()) {
      List<float[]> computed = delegate.embedAll(new ArrayList<>(missing.keySet()));
      synchronized (cache) {
        missing.forEach((text, at) -> cache.put(text, computed.get(at)));
      }
      for (int i = 0; i < texts.size(); i++) {
        if (vectors[i] == null) {
          vectors[i] = computed.get(missing.get(texts.get(i)));
        }
      }
    }
    List<float[]> result = new ArrayList<>(vectors.length);
    for (float[] v : vectors) {
      result.add(v.clone());
    }
    return result;
  }
}
