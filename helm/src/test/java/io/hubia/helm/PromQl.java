package io.hubia.helm;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Metric names in PromQL (and Grafana's label_values), without parsing the whole language. */
final class PromQl {
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "Inf",
          "NaN");
  private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*=~?\\s*\"([^\"]*)\"");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w$.:])([a-zA-Z_:][\\w:]*)(\\s*\\()?");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$", Pattern.DOTALL);

  private PromQl() {}

  static Set<String> metricNames(String query) {
    Set<String> names = new TreeSet<>();
    String s = query;
    Matcher labelValues = LABEL_VALUES.matcher(s);
    if (labelValues.matches()) {
      s = labelValues.group(1);
    }
    Matcher byName = NAME_MATCHER.matcher(s);
    while (byName.find()) {
      for (String name : byName.group(1).split("\\|")) {
        names.add(name.strip());
      }
    }
    s = STRING.matcher(s).replaceAll("\"\"");
    s = s.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
    s = GROUPING.matcher(s).replaceAll(" ");
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  static boolean balanced(String query) {
    String s = STRING.matcher(query).replaceAll("\"\"");
    StringBuilder open = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '(', '{', '[' -> open.append(c);
        case ')', '}', ']' -> {
          char expected = c == ')' ? '(' : c == '}' ? '{' : '[';
          if (open.isEmpty() || open.charAt(open.length() - 1) != expected) {
            return false;
          }
          open.setLength(open.length() - 1);
        }
        default -> {}
      }
    }
    return open.isEmpty();
  }
}
