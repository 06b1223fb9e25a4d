package io.hubia.runtime.ingest.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a crawler reads in an HTML page besides its text: the links to follow and the robots meta
 * directives. Links are the {@code href} of {@code <a>} and {@code <area>} elements anywhere in the
 * page (navigation included), resolved against the page's URL or its {@code <base href>}; links
 * marked {@code rel="nofollow"} are left out. The caller checks their scheme and host.
 */
public final class HtmlLinks {
  private HtmlLinks() {}

  /**
   * The links and directives of one page.
   *
   * @param links absolute link targets in page order, duplicates included
   * @param directives the page's robots meta directives
   */
  public record Page(List<String> links, RobotsDirectives directives) {}

  /**
   * Reads an HTML page.
   *
   * @param html the page's bytes; the charset is taken from a byte order mark, else {@code <meta
   *     charset>}, else UTF-8
   * @param base the page's URL, after redirects
   * @param agentToken the crawler's product token, for {@code <meta name="HubiaBot">}
   */
  public static Page read(byte[] html, URI base, String agentToken) throws IOException {
    Document document = Jsoup.parse(new ByteArrayInputStream(html), null, base.toString());
    RobotsDirectives directives = RobotsDirectives.NONE;
    for (Element meta : document.select("meta[name][content]")) {
      String name = meta.attr("name").strip();
      if (name.equalsIgnoreCase("robots") || name.equalsIgnoreCase(agentToken)) {
        directives = directives.and(RobotsDirectives.parse(meta.attr("content")));
      }
    }
    List<String> links = new ArrayList<>();
    for (Element link : document.select("a[href], area[href]")) {
      String rel = " " + link.attr("rel").toLowerCase(Locale.ROOT).replaceAll("\\s+", " ") + " ";
      if (rel.contains(" nofollow ")) {
        continue;
      }
      String target = link.absUrl("href");
      if (!target.isEmpty()) {
        links.add(target);
      }
    }
    return new Page(List.copyOf(links), directives);
  }
}
