package io.hubia.runtime.ingest.web;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a page asks of crawlers in a {@code <meta name="robots">} tag (or one named after the
 * crawler) and in {@code X-Robots-Tag} headers: {@code noindex} keeps it out of the index, {@code
 * nofollow} keeps its links from being followed, {@code none} is both. Other directives ({@code
 * noarchive}, {@code max-snippet}...) do not concern an index. A header value may start with a
 * crawler's name ({@code X-Robots-Tag: otherbot: noindex}); it then applies to that crawler only.
 *
 * @param noindex the page must not be indexed
 * @param nofollow the page's links must not be followed
 */
public record RobotsDirectives(boolean noindex, boolean nofollow) {
  /** No directive. */
  public static final RobotsDirectives NONE = new RobotsDirectives(false, false);

  private static final Pattern AGENT_PREFIX = Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*:(.*)$");

  /** Directives whose value follows a colon: not a crawler's name. */
  private static final Set<String> VALUED =
      Set.of("unavailable_after", "max-snippet", "max-image-preview", "max-video-preview");

  /** The directives of a comma-separated list, such as the content of a robots meta tag. */
  public static RobotsDirectives parse(String content) {
    boolean noindex = false;
    boolean nofollow = false;
    for (String directive : content.split(",")) {
      switch (directive.strip().toLowerCase(Locale.ROOT)) {
        case "noindex" -> noindex = true;
        case "nofollow" -> nofollow = true;
        case "none" -> {
          noindex = true;
          nofollow = true;
        }
        default -> {
          // not about indexing or links
        }
      }
    }
    return new RobotsDirectives(noindex, nofollow);
  }

  /** The directives of {@code X-Robots-Tag} header values that apply to {@code agentToken}. */
  public static RobotsDirectives ofHeaders(List<String> values, String agentToken) {
    RobotsDirectives directives = NONE;
    for (String value : values) {
      Matcher m = AGENT_PREFIX.matcher(value);
      String content = value;
      if (m.matches() && !VALUED.contains(m.group(1).toLowerCase(Locale.ROOT))) {
        if (!m.group(1).equalsIgnoreCase(agentToken)) {
          continue;
        }
        content = m.group(2);
      }
      directives = directives.and(parse(content));
    }
    return directives;
  }

  /** Both sets of directives together. */
  public RobotsDirectives and(RobotsDirectives other) {
    return new RobotsDirectives(noindex || other.noindex, nofollow || other.nofollow);
  }
}
