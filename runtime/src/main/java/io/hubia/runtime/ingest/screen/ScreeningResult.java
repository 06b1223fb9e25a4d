package io.hubia.runtime.ingest.screen;

import java.util.List;

/**
 * The verdict of the {@link InjectionScreener} on one text.
 *
 * @param score 0 (nothing found) to 1
 * @param suspected whether {@code score} reached the screener's threshold
 * @param reasons the rules that matched, strongest first; they name the pattern, never quote the
 *     text, so they can go to status, logs and audit
 */
public record ScreeningResult(double score, boolean suspected, List<String> reasons) {
  public ScreeningResult {
    if (score < 0 || score > 1) {
      throw new IllegalArgumentException("score must be within 0..1");
    }
    reasons = List.copyOf(reasons);
  }

  static final ScreeningResult CLEAN = new ScreeningResult(0, false, List.of());
}
