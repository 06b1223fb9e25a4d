package io.hubia.runtime.answer.text;

import io.hubia.api.v1alpha1.spec.Language;
import java.util.Optional;

/**
 * French or English, from the stop words of each language found in a text (words in both lists,
 * such as {@code a} or {@code on}, count for neither) and, for French, its accented letters. Says
 * nothing ({@link Optional#empty()}) when there are fewer than two clues or neither language leads
 * clearly, as in a one-word text.
 */
public final class LanguageDetector {
  /** Least number of clues to decide. */
  static final double MIN_CLUES = 2;

  /** How far the leading language must be ahead: its clues at least this times the other's. */
  static final double LEAD = 1.5;

  private static final String FRENCH_LETTERS = "éèêëàâîïôûùüçœÉÈÊÀÂÎÔÛÇŒ";

  private LanguageDetector() {}

  /** The language of {@code text}, or empty when it cannot tell. */
  public static Optional<Language> detect(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    double fr = 0;
    double en = 0;
    for (String word : Terms.words(text)) {
      boolean french = Terms.isFrenchStopWord(word);
      boolean english = Terms.isEnglishStopWord(word);
      if (french && !english) {
        fr++;
      } else if (english && !french) {
        en++;
      }
    }
    for (String word : text.split("[^\\p{L}]+")) {
      if (word.chars().anyMatch(c -> FRENCH_LETTERS.indexOf(c) >= 0)) {
        fr += 0.5;
      }
    }
    if (fr + en < MIN_CLUES) {
      return Optional.empty();
    }
    if (fr > en && fr >= LEAD * en) {
      return Optional.of(Language.FR);
    }
    if (en > fr && en >= LEAD * fr) {
      return Optional.of(Language.EN);
    }
    return Optional.empty();
  }
}
