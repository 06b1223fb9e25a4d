package io.hubia.runtime.answer.text;

import io.hubia.runtime.ingest.chunk.SentenceBoundaries;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits French or English text (Markdown allowed) into sentences, with the sentence ends of {@link
 * SentenceBoundaries} (abbreviations and initials are not ends); a blank line, a heading, a list
 * item or a line ending in punctuation also ends a sentence. Citation markers written after the
 * full stop ({@code "Oui. [1] Non."}) stay with the sentence before them.
 */
public final class Sentences {

  /**
   * A sentence of a text.
   *
   * @param text the sentence as written (markers and Markdown kept)
   * @param start offset of its first character in the text
   * @param end offset after its last character
   */
  public record Sentence(String text, int start, int end) {}

  private static final Pattern WORD = Pattern.compile("\\S+");
  private static final Pattern LINE_START = Pattern.compile("(?:#{1,6}|[-*+•·▪–—>|]|\\d{1,3}[.)])");
  private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+");
  private static final Pattern BULLET =
      Pattern.compile("^\\s*(?:>\\s*)*(?:[-*+•·▪–—]|\\d{1,3}[.)])\\s+");
  private static final Pattern LINK = Pattern.compile("!?\\[([^\\]\\n]*)\\]\\([^)\\s]*\\)");
  private static final Pattern EMPHASIS = Pattern.compile("\\*\\*|__|`+|~~");
  private static final Pattern REFERENCE =
      Pattern.compile("\\[(?:réf|ref|citation|source)[^\\]\\n]{0,40}\\]", Pattern.CASE_INSENSITIVE);

  private Sentences() {}

  /** The sentences of {@code text}, in order. */
  public static List<Sentence> split(String text) {
    List<int[]> words = words(text);
    List<Sentence> sentences = new ArrayList<>();
    int first = 0;
    for (int i = 0; i < words.size(); i++) {
      if (i == words.size() - 1 || endsAfter(text, words, i)) {
        int start = words.get(first)[0];
        int end = words.get(i)[1];
        sentences.add(new Sentence(text.substring(start, end), start, end));
        first = i + 1;
      }
    }
    return sentences;
  }

  /**
   * A sentence as plain text: no heading markers, list bullets, emphasis, link targets, nor
   * bracketed references such as {@code [réf. nécessaire]}; spaces collapsed. Citation markers are
   * kept (see {@link Markers#strip}).
   */
  public static String clean(String sentence) {
    String s = HEADING.matcher(sentence).replaceFirst("");
    s = BULLET.matcher(s).replaceFirst("");
    s = LINK.matcher(s).replaceAll("$1");
    s = EMPHASIS.matcher(s).replaceAll("");
    s = REFERENCE.matcher(s).replaceAll("");
    s = s.replaceAll("\\s+", " ").strip();
    return s;
  }

  /** Whether the sentence is a Markdown heading line ({@code ## Adhésion}). */
  public static boolean isHeading(String sentence) {
    return HEADING.matcher(sentence).find();
  }

  /** Word spans; a marker group broken by spaces ({@code [1, 2]}) is one word. */
  private static List<int[]> words(String text) {
    List<int[]> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(new int[] {m.start(), m.end()});
    }
    List<int[]> merged = new ArrayList<>(words.size());
    for (int i = 0; i < words.size(); i++) {
      int[] w = words.get(i);
      String word = text.substring(w[0], w[1]);
      int open = word.lastIndexOf('[');
      if (open >= 0 && word.indexOf(']', open) < 0) {
        for (int j = i + 1; j < words.size() && j <= i + 6; j++) {
          String joined = text.substring(w[0], words.get(j)[1]);
          if (text.substring(w[1], words.get(j)[0]).indexOf('\n') >= 0) {
            break;
          }
          if (joined.indexOf(']', open) >= 0) {
            Matcher marker = Markers.MARKER.matcher(joined);
            if (marker.find(open) && marker.start() == open) {
              w = new int[] {w[0], words.get(j)[1]};
              i = j;
            }
            break;
          }
        }
      }
      merged.add(w);
    }
    return merged;
  }

  private static boolean endsAfter(String text, List<int[]> words, int i) {
    int[] w = words.get(i);
    int[] n = words.get(i + 1);
    String next = text.substring(n[0], n[1]);
    String gap = text.substring(w[1], n[0]);
    if (Markers.isOnlyMarkers(next) && gap.indexOf('\n') < 0) {
      return false; // "Oui. [1] Non.": the marker goes with "Oui."
    }
    int newlines = (int) gap.chars().filter(c -> c == '\n').count();
    if (newlines >= 2) {
      return true;
    }
    // the last word that is not only markers, with the punctuation after the markers
    int k = i;
    String punctuation = "";
    while (k > 0 && Markers.isOnlyMarkers(text.substring(words.get(k)[0], words.get(k)[1]))) {
      if (punctuation.isEmpty()) {
        punctuation = trailingPunctuation(text.substring(words.get(k)[0], words.get(k)[1]));
      }
      k--;
    }
    String bare = withoutTrailingMarkers(text.substring(words.get(k)[0], words.get(k)[1]));
    if (!punctuation.isEmpty() && trailingPunctuation(bare).isEmpty()) {
      bare = bare + punctuation;
    }
    if (newlines == 1) {
      if (LINE_START.matcher(next).lookingAt() || lineStartsWith(text, w[0], "#")) {
        return true;
      }
      if (!bare.isEmpty() && ".!?…:;".indexOf(bare.charAt(bare.length() - 1)) >= 0) {
        return true;
      }
      // a short line then a capital: a title line ("Adhésion\nPour adhérer...")
      int lineStart = text.lastIndexOf('\n', w[0] - 1) + 1;
      return Character.isUpperCase(next.codePointAt(0)) && w[1] - lineStart <= 80;
    }
    return SentenceBoundaries.endsSentence(bare, next);
  }

  private static String withoutTrailingMarkers(String word) {
    String stripped = word;
    Matcher m = Markers.MARKER.matcher(word);
    int cut = -1;
    while (m.find()) {
      if (Markers.isOnlyMarkers(word.substring(m.start()))) {
        cut = m.start();
        break;
      }
    }
    if (cut > 0) {
      stripped = word.substring(0, cut) + trailingPunctuation(word.substring(cut));
    }
    return stripped;
  }

  private static String trailingPunctuation(String s) {
    int end = s.length();
    int start = end;
    while (start > 0 && ".!?…;:,".indexOf(s.charAt(start - 1)) >= 0) {
      start--;
    }
    return s.substring(start, end);
  }

  private static boolean lineStartsWith(String text, int offset, String prefix) {
    int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return text.startsWith(prefix, lineStart);
  }
}
