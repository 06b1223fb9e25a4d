package io.hubia.runtime.answer.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Citation markers in an answer: {@code [1]}, {@code [1][2]}, {@code [1, 2]}, {@code [1;2]}, {@code
 * [1-3]} (a range, at most {@value #MAX_RANGE} numbers long).
 */
public final class Markers {
  /** One marker group: brackets around numbers separated by commas, semicolons or dashes. */
  public static final Pattern MARKER =
      Pattern.compile("\\[\\s*\\d{1,4}(?:\\s*[,;\\-–—]\\s*\\d{1,4})*\\s*\\]");

  /** The longest range a marker such as {@code [1-3]} may span. */
  public static final int MAX_RANGE = 20;

  private static final Pattern ONLY_MARKERS =
      Pattern.compile("(?:\\s*" + MARKER.pattern() + ")+\\s*[.!?…;:,]*");
  private static final Pattern PART = Pattern.compile("(\\d+)(?:\\s*[\\-–—]\\s*(\\d+))?");

  private Markers() {}

  /**
   * The numbers a text cites, in order of appearance, each once: {@code "a [2] b [1, 2] [3-4]"}
   * gives {@code [2, 1, 3, 4]}. A range longer than {@value #MAX_RANGE} gives its two ends only.
   */
  public static List<Integer> numbers(String text) {
    Set<Integer> numbers = new LinkedHashSet<>();
    Matcher m = MARKER.matcher(text);
    while (m.find()) {
      numbers.addAll(parse(m.group()));
    }
    return new ArrayList<>(numbers);
  }

  /** The numbers of one marker group such as {@code [1, 3-4]}, in order. */
  public static List<Integer> parse(String group) {
    List<Integer> numbers = new ArrayList<>();
    Matcher m = PART.matcher(group);
    while (m.find()) {
      int from = Integer.parseInt(m.group(1));
      if (m.group(2) == null) {
        numbers.add(from);
        continue;
      }
      int to = Integer.parseInt(m.group(2));
      if (to >= from && to - from < MAX_RANGE) {
        for (int n = from; n <= to; n++) {
          numbers.add(n);
        }
      } else {
        numbers.add(from);
        numbers.add(to);
      }
    }
    return numbers;
  }

  /**
   * The text without its markers, spaces before punctuation tidied: {@code "Oui [1]."} gives {@code
   * "Oui."}.
   */
  public static String strip(String text) {
    String stripped = MARKER.matcher(text).replaceAll("");
    stripped = stripped.replaceAll("[ \\t]+([.,…)])", "$1").replaceAll("[ \\t]{2,}", " ");
    return stripped.strip();
  }

  /** Whether the text is only markers, possibly followed by punctuation ({@code "[1][2]."}). */
  public static boolean isOnlyMarkers(String text) {
    return !text.isBlank() && ONLY_MARKERS.matcher(text).matches();
  }

  /** The marker for the given numbers, one pair of brackets each: {@code [1][3]}. */
  public static String format(List<Integer> numbers) {
    StringBuilder sb = new StringBuilder();
    for (int n : numbers) {
      sb.append('[').append(n).append(']');
    }
    return sb.toString();
  }
}
