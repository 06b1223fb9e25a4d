package io.hubia.runtime.ingest.format;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Title fallbacks shared by the readers. */
public final class Titles {
  private static final int MAX_LINE_TITLE = 150;
  private static final Pattern ATX_HEADING =
      Pattern.compile("^ {0,3}(#{1,6})[ \\t]+(.+?)(?:[ \\t]+#+)?[ \\t]*$", Pattern.MULTILINE);

  private Titles() {}

  /** The text of the first level-1 Markdown heading, else of the first heading, else null. */
  static String firstHeading(String markdown) {
    String first = null;
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      String trimmed = line.stripLeading();
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = ATX_HEADING.matcher(line);
      if (m.matches()) {
        String text = m.group(2).strip();
        if (m.group(1).length() == 1) {
          return text;
        }
        if (first == null) {
          first = text;
        }
      }
    }
    return first;
  }

  /** The first non-blank line when it is short enough to be a title, else null. */
  static String firstLine(String text) {
    for (String line : text.split("\n")) {
      String s = line.strip();
      if (!s.isEmpty()) {
        return s.length() <= MAX_LINE_TITLE ? s : null;
      }
    }
    return null;
  }

  /** The file name without its extension. */
  public static String fileStem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
