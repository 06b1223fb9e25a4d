package io.hubia.search.retrieve;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A deterministic stand-in for an embedding model, for fast tests: a hashed bag of words in {@link
 * #DIMENSIONS} dimensions, L2-normalised. Words are lower-cased, stripped of accents, elisions (l',
 * d') and words of fewer than 4 letters, and cut to 6 letters (a crude stem: "congés" and "congé"
 * meet). Never zero (Lucene's cosine refuses zero vectors): a constant bias sits in dimension 0.
 */
final class ToyEmbedding {

  static final int DIMENSIONS = 16;

  private ToyEmbedding() {}

  static float[] embed(String text) {
    float[] v = new float[DIMENSIONS];
    v[0] = 0.05f;
    String plain =
        Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "");
    for (String word : plain.split("[^a-z0-9]+")) {
      if (word.length() < 4) {
        continue;
      }
      String stem = word.length() > 6 ? word.substring(0, 6) : word;
      v[Math.floorMod(stem.hashCode(), DIMENSIONS)] += 1f;
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float n = (float) Math.sqrt(norm);
    for (int i = 0; i < v.length; i++) {
      v[i] /= n;
    }
    return v;
  }
}
