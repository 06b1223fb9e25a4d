package io.hubia.runtime.ingest.chunk;

import java.util.Locale;
import java.util.Set;

/**
 * Tells whether a word ends a sentence, for French and English text: terminal punctuation, not an
 * abbreviation or an initial ({@code M.}, {@code art.}, {@code L. 1221-19}), and the next word
 * starts like a sentence. Shared by the chunker and the answering code ({@code
 * io.hubia.runtime.answer.text.Sentences}).
 */
public final class SentenceBoundaries {
  private static final String CLOSERS = ")]}»\"'’”";
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "art", "cf", "ex", "p", "pp",
          "vol", "chap", "al", "env", "av", "bd", "n", "no", "st", "ste", "réf", "ref", "tél",
          "tel", "fig", "e.g", "i.e", "mr", "mrs", "ms", "vs", "inc", "ltd", "jr", "sr", "min",
          "max", "approx", "coll", "éd", "ed", "dir", "op", "cit", "ibid", "hab", "sq", "suiv",
          "resp");

  private SentenceBoundaries() {}

  /**
   * Whether {@code word} ends a sentence.
   *
   * @param word a word with its punctuation, e.g. {@code salarié.}
   * @param next the word after it, or {@code null} at the end of the text
   */
  public static boolean endsSentence(String word, String next) {
    int end = word.length();
    while (end > 0 && CLOSERS.indexOf(word.charAt(end - 1)) >= 0) {
      end--;
    }
    if (end == 0) {
      return false;
    }
    char last = word.charAt(end - 1);
    if (last == '!' || last == '?' || last == '…') {
      return startsSentence(next);
    }
    if (last != '.') {
      return false;
    }
    String core = word.substring(0, end - 1);
    int start = 0;
    while (start < core.length() && "([{«\"'‘“".indexOf(core.charAt(start)) >= 0) {
      start++;
    }
    core = core.substring(start).toLowerCase(Locale.ROOT);
    if (core.length() == 1 && Character.isLetter(core.charAt(0))) {
      return false; // an initial: "J. Dupont", "article L. 1221-19"
    }
    if (ABBREVIATIONS.contains(core)) {
      return false;
    }
    return startsSentence(next);
  }

  private static boolean startsSentence(String next) {
    if (next == null || next.isEmpty()) {
      return true;
    }
    int c = next.codePointAt(0);
    return Character.isUpperCase(c) || Character.isDigit(c) || "«\"“‘'([-–—•*".indexOf(c) >= 0;
  }
}
