package io.hubia.runtime.ingest.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules of one robots.txt (RFC 9309) that apply to one crawler.
 *
 * <p>Groups: consecutive {@code User-agent} lines open a group, the {@code Allow}, {@code Disallow}
 * and {@code Crawl-delay} lines after them belong to it, and the next {@code User-agent} line after
 * a rule opens a new group. The crawler takes every group naming its product token (compared
 * case-insensitively with the token at the start of the line's value, so {@code HubiaBot/2.0} names
 * {@code HubiaBot}), else every {@code *} group, else nothing: all allowed. Lines before the first
 * group, comments ({@code #}) and unknown lines are ignored.
 *
 * <p>Matching: a rule matches a path (with its query) that starts with the rule's pattern; {@code
 * *} matches any run of characters and a final {@code $} anchors the pattern at the end of the
 * path. Both sides are compared in one percent-encoding ({@link UrlNormalizer#normalizeEscapes}):
 * {@code /adhésion}, {@code /adh%c3%a9sion} and {@code /adh%C3%A9sion} are one path, while {@code
 * %2F} stays distinct from {@code /}. The most specific rule (the longest pattern) decides; {@code
 * Allow} wins between rules of the same length; no matching rule means allowed. An empty {@code
 * Disallow} forbids nothing. {@code /robots.txt} itself is always allowed.
 */
public final class RobotsRules {
  /** Longest Crawl-delay taken from a file, so a huge value cannot overflow a duration. */
  private static final double MAX_DELAY_SECONDS = 86_400;

  private static final RobotsRules ALLOW_ALL = new RobotsRules(List.of(), null);

  /**
   * The decision for one path.
   *
   * @param allowed whether the crawler may fetch it
   * @param rule the deciding line, such as {@code Disallow: /prive}, or {@code null} when no rule
   *     matched
   */
  public record Verdict(boolean allowed, String rule) {}

  private record Rule(boolean allow, String pattern, String line) {}

  private static final class Group {
    final List<String> agents = new ArrayList<>();
    final List<Rule> rules = new ArrayList<>();
    Duration crawlDelay;
  }

  private final List<Rule> rules;
  private final Duration crawlDelay;

  private RobotsRules(List<Rule> rules, Duration crawlDelay) {
    this.rules = rules;
    this.crawlDelay = crawlDelay;
  }

  /** No rules at all: a site without robots.txt (HTTP 4xx). */
  public static RobotsRules allowAll() {
    return ALLOW_ALL;
  }

  /**
   * The rules of {@code robotsTxt} for the crawler named {@code agentToken}.
   *
   * @param robotsTxt the file's text; a byte order mark is ignored
   * @param agentToken the crawler's product token, such as {@code HubiaBot}
   */
  public static RobotsRules parse(String robotsTxt, String agentToken) {
    List<Group> groups = new ArrayList<>();
    Group current = null;
    boolean inRules = false;
    String text = robotsTxt.startsWith("\uFEFF") ? robotsTxt.substring(1) : robotsTxt;
    for (String rawLine : text.split("\r\n|\r|\n")) {
      int hash = rawLine.indexOf('#');
      String line = (hash < 0 ? rawLine : rawLine.substring(0, hash)).strip();
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "user-agent" -> {
          if (current == null || inRules) {
            current = new Group();
            groups.add(current);
            inRules = false;
          }
          current.agents.add(value);
        }
        case "allow", "disallow" -> {
          if (current != null) {
            inRules = true;
            if (!value.isEmpty()) {
              current.rules.add(
                  new Rule(key.equals("allow"), pattern(value), capitalize(key) + ": " + value));
            }
          }
        }
        case "crawl-delay" -> {
          if (current != null) {
            inRules = true;
            if (current.crawlDelay == null) {
              current.crawlDelay = delay(value);
            }
          }
        }
        default -> {
          // Sitemap, Host and unknown lines neither belong to a group nor end one
        }
      }
    }
    List<Group> chosen = groups.stream().filter(g -> names(g, agentToken)).toList();
    if (chosen.isEmpty()) {
      chosen = groups.stream().filter(g -> g.agents.contains("*")).toList();
    }
    List<Rule> rules = new ArrayList<>();
    Duration crawlDelay = null;
    for (Group group : chosen) {
      rules.addAll(group.rules);
      if (crawlDelay == null) {
        crawlDelay = group.crawlDelay;
      }
    }
    return new RobotsRules(List.copyOf(rules), crawlDelay);
  }

  /** The decision for a path and query as sent in a request, such as {@code /fiches?page=2}. */
  public Verdict check(String pathAndQuery) {
    String path = UrlNormalizer.normalizeEscapes(pathAndQuery.isEmpty() ? "/" : pathAndQuery);
    if (path.equals("/robots.txt")) {
      return new Verdict(true, null);
    }
    Rule best = null;
    for (Rule rule : rules) {
      if (matches(rule.pattern(), path)
          && (best == null
              || rule.pattern().length() > best.pattern().length()
              || (rule.pattern().length() == best.pattern().length()
                  && rule.allow()
                  && !best.allow()))) {
        best = rule;
      }
    }
    return best == null ? new Verdict(true, null) : new Verdict(best.allow(), best.line());
  }

  /** Whether the crawler may fetch a path and query. */
  public boolean allows(String pathAndQuery) {
    return check(pathAndQuery).allowed();
  }

  /** The Crawl-delay of the chosen groups (the first one given), if any. */
  public Optional<Duration> crawlDelay() {
    return Optional.ofNullable(crawlDelay);
  }

  private static boolean names(Group group, String agentToken) {
    for (String agent : group.agents) {
      int end = 0;
      while (end < agent.length()
          && (Character.isLetter(agent.charAt(end))
              || agent.charAt(end) == '_'
              || agent.charAt(end) == '-')) {
        end++;
      }
      if (end > 0 && agent.substring(0, end).equalsIgnoreCase(agentToken)) {
        return true;
      }
    }
    return false;
  }

  private static String pattern(String value) {
    String pattern = UrlNormalizer.normalizeEscapes(value);
    return pattern.startsWith("/") || pattern.startsWith("*") ? pattern : "/" + pattern;
  }

  private static Duration delay(String value) {
    try {
      double seconds = Double.parseDouble(value);
      if (!(seconds >= 0)) {
        return null; // negative or NaN
      }
      return Duration.ofMillis(Math.round(Math.min(seconds, MAX_DELAY_SECONDS) * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String capitalize(String key) {
    return Character.toUpperCase(key.charAt(0)) + key.substring(1);
  }

  /**
   * Whether {@code path} starts with {@code pattern} ({@code *} any run, final {@code $} the end).
   * Greedy matching with backtracking to the last {@code *}: time linear in practice, quadratic at
   * worst, never exponential.
   */
  static boolean matches(String pattern, String path) {
    boolean anchored = pattern.endsWith("$");
    String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern + "*";
    int pi = 0;
    int si = 0;
    int starP = -1;
    int starS = -1;
    while (si < path.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        starP = pi++;
        starS = si;
      } else if (pi < p.length() && p.charAt(pi) == path.charAt(si)) {
        pi++;
        si++;
      } else if (starP >= 0) {
        pi = starP + 1;
        si = ++starS;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }
}
