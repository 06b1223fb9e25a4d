package io.hubia.runtime.ingest.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {

  /** A deterministic toy model that records what it was asked to embed. */
  static final class Recording implements Embedder {
    final List<List<String>> calls = new ArrayList<>();

    @Override
    public String name() {
      return "toy";
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public int window() {
      return 10;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      calls.add(List.copyOf(texts));
      return texts.stream().map(t -> new float[] {t.length(), t.hashCode() % 7}).toList();
    }
  }

  @Test
  void embedsEachTextOnceAndKeepsTheOrder() {
    Recording model = new Recording();
    CachingEmbedder cached = new CachingEmbedder(model, 100);

    List<float[]> first = cached.embedAll(List.of("congés", "période d'essai", "congés"));
    List<float[]> second = cached.embedAll(List.of("période d'essai", "télétravail"));

    assertThat(model.calls)
        .containsExactly(List.of("congés", "période d'essai"), List.of("télétravail"));
    assertThat(first.get(0))
        .isEqualTo(first.get(2))
        .isEqualTo(new float[] {6, "congés".hashCode() % 7});
    assertThat(second.get(0)).isEqualTo(first.get(1));
    assertThat(second.get(1)[0]).isEqualTo(11f);
    first.get(0)[0] = 99; // callers get copies: the cache cannot be corrupted
    assertThat(cached.embedAll(List.of("congés")).get(0)[0]).isEqualTo(6f);
  }

  @Test
  void forgetsTheLeastRecentlyUsedBeyondItsSize() {
    Recording model = new Recording();
    CachingEmbedder cached = new CachingEmbedder(model, 2);
    cached.embedAll(List.of("a", "b"));
    cached.embedAll(List.of("a")); // a is now the most recent
    cached.embedAll(List.of("c")); // evicts b
    cached.embedAll(List.of("a", "b"));
    assertThat(model.calls).containsExactly(List.of("a", "b"), List.of("c"), List.of("b"));
    assertThat(cached.name()).isEqualTo("toy");
    assertThat(cached.dimension()).isEqualTo(2);
  }
}
