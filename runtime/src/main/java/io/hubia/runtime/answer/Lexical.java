package io.hubia.runtime.answer;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Vector and term-set arithmetic shared by the scorer, the answerer and the verifier. */
final class Lexical {
  /** Least length of a shared prefix for two different terms to half match. */
  static final int PREFIX = 5;

  private Lexical() {}

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** {@code (value - low) / (high - low)} clamped to 0..1. */
  static double ramp(double value, double low, double high) {
    return Math.max(0, Math.min(1, (value - low) / (high - low)));
  }

  /**
   * How well {@code term} is found in {@code terms}: 1 when it is there, 0.5 when a term shares its
   * first {@value #PREFIX} letters or more ({@code gouvern} and {@code gouvernement}), else 0.
   */
  static double match(String term, Set<String> terms) {
    if (terms.contains(term)) {
      return 1;
    }
    if (term.length() < PREFIX || Character.isDigit(term.charAt(0))) {
      return 0;
    }
    String prefix = term.substring(0, PREFIX);
    for (String other : terms) {
      if (other.length() >= PREFIX && other.startsWith(prefix)) {
        int common = PREFIX;
        int max = Math.min(term.length(), other.length());
        while (common < max && term.charAt(common) == other.charAt(common)) {
          common++;
        }
        if (common >= Math.min(max, PREFIX + 2) || common == max) {
          return 0.5;
        }
      }
    }
    return 0;
  }

  /** The share of {@code terms} found in {@code in}, each counted once with weight 1. */
  static double coverage(Collection<String> terms, Set<String> in) {
    if (terms.isEmpty()) {
      return 0;
    }
    double found = 0;
    for (String term : terms) {
      found += match(term, in);
    }
    return found / terms.size();
  }

  /** The weighted share of {@code weights}' terms found in {@code in}. */
  static double coverage(Map<String, Double> weights, Set<String> in) {
    double total = 0;
    double found = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      total += e.getValue();
      found += e.getValue() * match(e.getKey(), in);
    }
    return total == 0 ? 0 : found / total;
  }
}
