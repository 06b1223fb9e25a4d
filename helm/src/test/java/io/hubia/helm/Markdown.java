package io.hubia.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's anchors of a Markdown file: one per heading (fenced code blocks left out), and the HTML
 * anchors {@code <a id="...">} a generated page sets.
 */
final class Markdown {
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern HTML_ANCHOR = Pattern.compile("<a (?:id|name)=\"([^\"]+)\">");

  private Markdown() {}

  static Set<String> anchors(Path file) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.strip().startsWith("```")) {
          fenced = !fenced;
          continue;
        }
        if (!fenced) {
          Matcher html = HTML_ANCHOR.matcher(line);
          while (html.find()) {
            anchors.add(html.group(1));
          }
        }
        Matcher m = HEADING.matcher(line);
        if (!fenced && m.matches()) {
          String anchor = anchor(m.group(1));
          int n = seen.merge(anchor, 1, Integer::sum) - 1;
          anchors.add(n == 0 ? anchor : anchor + "-" + n);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return anchors;
  }

  /** Lower case, punctuation removed (letters, digits, '-', '_' and spaces kept), spaces to '-'. */
  static String anchor(String heading) {
    String text = heading.replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-');
  }
}
