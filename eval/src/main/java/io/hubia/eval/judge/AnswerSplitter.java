package io.hubia.eval.judge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits an answer into sentences, each with the citation markers it carries and whether it states
 * a fact.
 *
 * <p><b>Sentences.</b> A sentence ends at {@code .}, {@code !}, {@code ?} or {@code …} followed by
 * a space or the end of a line, at a colon followed by a capital ("Voici le détail : Le
 * paiement…"), and at a line break (list items are sentences). Markers right after the end ("… hors
 * renouvellement. [1]") belong to the sentence they follow. A period does not end a sentence after
 * a known abbreviation ("M.", "art.", "cf.", "etc."), after a single capital letter ("article L.
 * 1237-19") or when the next word starts with a lower-case letter. Decimals ("10.90") have no space
 * after their point, so they never split.
 *
 * <p><b>Facts.</b> In a fallback reply no sentence states a fact: the reply says it cannot answer.
 * Otherwise a sentence states a fact when it carries a citation marker, or when it does not end
 * with a colon (an introduction such as "Voici le détail :"), is not a question, and has a number,
 * a name (a capitalised word after the first one, "Lyon") or at least {@value #MIN_CONTENT_WORDS}
 * content words. A short connecting phrase ("En résumé.", "Bonne journée !") states none.
 */
public final class AnswerSplitter {
  /** Content words that make a sentence without marker, number or name state a fact. */
  public static final int MIN_CONTENT_WORDS = 3;

  private static final Pattern MARKER = Pattern.compile("\\[(\\d+(?:\\s*,\\s*\\d+)*)]");
  private static final Pattern MARKER_WITH_SPACE =
      Pattern.compile("\\s*\\[\\d+(?:\\s*,\\s*\\d+)*]");
  private static final Pattern END =
      Pattern.compile("(?:[.!?…]+|:)[\"»”)]*((?:\\s*\\[\\d+(?:\\s*,\\s*\\d+)*])*)(?=\\s|$)");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*•]|\\d+[.)])\\s+");
  private static final Pattern NAME = Pattern.compile("\\s\\p{Lu}[\\p{L}-]*");
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "m", "mme", "mlle", "mm", "dr", "me", "art", "cf", "etc", "ex", "p", "pp", "n", "no",
          "env", "min", "max", "vol", "st", "ste", "av", "bd", "tel", "e.g", "i.e", "vs", "mr",
          "mrs", "ms");

  private AnswerSplitter() {}

  /**
   * One sentence of an answer.
   *
   * @param text the sentence, citation markers removed
   * @param markers the marker numbers it carries, in order, each once ({@code [2, 3]} gives 2 and
   *     3)
   * @param statesFact whether it states a fact (see the class comment)
   */
  public record Sentence(String text, List<Integer> markers, boolean statesFact) {

    /** Freezes the markers. */
    public Sentence {
      markers = List.copyOf(markers);
    }
  }

  /**
   * The sentences of {@code answer}, in order; none for a blank answer.
   *
   * @param fallback whether the reply is a fallback, whose sentences state no fact
   */
  public static List<Sentence> split(String answer, boolean fallback) {
    List<Sentence> sentences = new ArrayList<>();
    if (answer == null || answer.isBlank()) {
      return sentences;
    }
    for (String line : answer.split("\\R")) {
      String item = LIST_ITEM.matcher(line).replaceFirst("");
      for (String piece : pieces(item)) {
        Sentence sentence = sentence(piece, fallback);
        if (!sentence.text().isEmpty() || !sentence.markers().isEmpty()) {
          sentences.add(sentence);
        }
      }
    }
    return sentences;
  }

  private static List<String> pieces(String line) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    Matcher end = END.matcher(line);
    while (end.find()) {
      boolean colon = line.charAt(end.start()) == ':';
      boolean notAnEnd =
          colon
              ? !continuesUpperCase(line, end.end())
              : abbreviation(line, end.start()) || continuesLowerCase(line, end.end());
      if (notAnEnd) {
        continue;
      }
      pieces.add(line.substring(start, end.end()));
      start = end.end();
    }
    if (start < line.length() && !line.substring(start).isBlank()) {
      pieces.add(line.substring(start));
    }
    return pieces;
  }

  private static boolean abbreviation(String line, int point) {
    int from = point;
    while (from > 0
        && (Character.isLetter(line.charAt(from - 1)) || line.charAt(from - 1) == '.')) {
      from--;
    }
    String word = line.substring(from, point);
    if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
      return true;
    }
    return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  private static boolean continuesUpperCase(String line, int after) {
    int i = after;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i < line.length() && Character.isUpperCase(line.charAt(i));
  }

  private static boolean continuesLowerCase(String line, int after) {
    int i = after;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i < line.length() && Character.isLowerCase(line.charAt(i));
  }

  private static Sentence sentence(String piece, boolean fallback) {
    Set<Integer> markers = new LinkedHashSet<>();
    Matcher marker = MARKER.matcher(piece);
    while (marker.find()) {
      for (String number : marker.group(1).split(",")) {
        markers.add(Integer.parseInt(number.strip()));
      }
    }
    String text = MARKER_WITH_SPACE.matcher(piece).replaceAll("").replaceAll("\\s+", " ").strip();
    return new Sentence(text, List.copyOf(markers), !fallback && statesFact(text, markers));
  }

  private static boolean statesFact(String text, Set<Integer> markers) {
    if (!markers.isEmpty()) {
      return true;
    }
    if (text.endsWith(":") || text.endsWith("?")) {
      return false;
    }
    Words.Analysis words = Words.analyse(text);
    return !words.numbers().isEmpty()
        || NAME.matcher(text).find()
        || words.stems().size() >= MIN_CONTENT_WORDS;
  }
}
