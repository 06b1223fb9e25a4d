package io.hubia.runtime.ingest.format;

import io.hubia.runtime.ingest.SkipCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;

/**
 * HTML through jsoup: the visible text of {@code <main>} (or the single {@code <article>}, else
 * {@code <body>}) as Markdown structure. Headings become {@code #} lines, list items {@code - },
 * table rows {@code a | b}, {@code <pre>} a fenced block. Scripts, styles, navigation, forms and
 * hidden elements are dropped: a reader never sees them, so neither does the index.
 *
 * <p>Title: {@code <title>}, else the first {@code <h1>}. Link: {@code <link rel=canonical>}, else
 * {@code og:url}. Metadata: {@code lang} and the {@code description}, {@code author}, {@code
 * keywords} meta tags.
 */
final class HtmlReader implements FormatReader {
  private static final String DROPPED =
      "script, style, noscript, template, nav, [role=navigation], iframe, object, embed, svg,"
          + " canvas, form, button, select, textarea, input, [hidden], [aria-hidden=true],"
          + " [style~=(?i)display\\s*:\\s*none], [style~=(?i)visibility\\s*:\\s*hidden]";
  private static final Set<String> BLOCKS =
      Set.of(
          "address",
          "article",
          "aside",
          "blockquote",
          "body",
          "caption",
          "dd",
          "details",
          "div",
          "dl",
          "dt",
          "fieldset",
          "figcaption",
          "figure",
          "footer",
          "header",
          "hr",
          "li",
          "main",
          "ol",
          "p",
          "section",
          "summary",
          "table",
          "tbody",
          "td",
          "tfoot",
          "th",
          "thead",
          "tr",
          "ul");
  private static final Set<String> META_FIELDS = Set.of("description", "author", "keywords");
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\u00A0]+");
  private static final Pattern HEADING_LIKE = Pattern.compile("^(#{1,6}[ \\t])");

  @Override
  public ParsedDocument read(byte[] bytes) throws UnreadableDocumentException, IOException {
    boolean utf16 =
        bytes.length >= 2
            && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE));
    if (!utf16) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          throw new UnreadableDocumentException(
              SkipCode.Binary, "binary content: NUL byte at offset " + i);
        }
      }
    }
    // jsoup picks the charset from the BOM, then <meta charset>, else UTF-8
    Document html = Jsoup.parse(new ByteArrayInputStream(bytes), null, "");
    String text = html.text();
    long replacements = text.chars().filter(c -> c == '\uFFFD').count();
    if (replacements > 0 && replacements > text.length() / 100) {
      throw new UnreadableDocumentException(
          SkipCode.Encoding,
          "HTML text is not in the declared charset ("
              + replacements
              + " undecodable characters): declare <meta charset> or save as UTF-8");
    }
    TextDecoder.rejectControlCharacters(text);

    String title = html.title().strip();
    Element firstH1 = html.selectFirst("h1");
    if (title.isEmpty() && firstH1 != null) {
      title = firstH1.text().strip();
    }
    Map<String, List<String>> metadata = metadata(html);
    String uri = canonical(html);

    html.select(DROPPED).remove();
    Element root = contentRoot(html);
    List<String> blocks = new ArrayList<>();
    new Walker(blocks).visit(root);
    return new ParsedDocument(
        title.isEmpty() ? null : title,
        uri,
        String.join("\n\n", blocks),
        metadata,
        List.of(),
        null);
  }

  private static Element contentRoot(Document html) {
    Element main = html.selectFirst("main, [role=main]");
    if (main != null) {
      return main;
    }
    Elements articles = html.select("article");
    if (articles.size() == 1) {
      return articles.first();
    }
    return html.body();
  }

  private static Map<String, List<String>> metadata(Document html) {
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    Element root = html.selectFirst("html");
    if (root != null && !root.attr("lang").isBlank()) {
      metadata.put("lang", List.of(root.attr("lang").strip()));
    }
    for (Element meta : html.select("meta[name][content]")) {
      String name = meta.attr("name").strip().toLowerCase(Locale.ROOT);
      String content = meta.attr("content").strip();
      if (META_FIELDS.contains(name) && !content.isEmpty()) {
        metadata.put(name, List.of(FrontMatter.abbreviate(content, 2000)));
      }
    }
    return metadata;
  }

  private static String canonical(Document html) {
    Element link = html.selectFirst("link[rel=canonical][href]");
    String href = link != null ? link.attr("href") : null;
    if (href == null || href.isBlank()) {
      Element og = html.selectFirst("meta[property=og:url][content]");
      href = og != null ? og.attr("content") : null;
    }
    if (href == null || href.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(href.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
          ? uri.toString()
          : null;
    } catch (URISyntaxException e) {
      return null; // a bad canonical link loses the link, not the document
    }
  }

  /** Depth-first walk that emits one Markdown block per HTML block. */
  private static final class Walker {
    private final List<String> blocks;
    private final StringBuilder inline = new StringBuilder();

    Walker(List<String> blocks) {
      this.blocks = blocks;
    }

    void visit(Node node) {
      if (node instanceof TextNode text) {
        // source line breaks are plain spaces in HTML; only <br> breaks a line
        inline.append(text.getWholeText().replace('\n', ' ').replace('\r', ' '));
        return;
      }
      if (!(node instanceof Element element)) {
        return; // comments, doctype, data nodes
      }
      String tag = element.normalName();
      if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
        flush();
        int level = Math.min(6, Math.max(1, tag.charAt(1) - '0'));
        String heading = element.text().strip();
        if (!heading.isEmpty()) {
          blocks.add("#".repeat(level) + " " + heading);
        }
        return;
      }
      switch (tag) {
        case "br" -> inline.append('\n');
        case "pre" -> {
          flush();
          String code = element.wholeText().strip();
          if (!code.isEmpty()) {
            blocks.add("```\n" + code.replace("```", "'''") + "\n```");
          }
        }
        case "tr" -> {
          flush();
          String row =
              element.children().stream()
                  .filter(c -> c.normalName().equals("td") || c.normalName().equals("th"))
                  .map(c -> c.text().strip())
                  .collect(Collectors.joining(" | "));
          if (!row.replace("|", "").isBlank()) {
            blocks.add(row);
          }
        }
        case "li" -> {
          flush();
          inline.append("- ");
          element.childNodes().forEach(this::visit);
          flush();
        }
        case "img" -> {
          String alt = element.attr("alt").strip();
          if (!alt.isEmpty()) {
            inline.append(' ').append(alt).append(' ');
          }
        }
        default -> {
          boolean block = BLOCKS.contains(tag);
          if (block) {
            flush();
          }
          element.childNodes().forEach(this::visit);
          if (block) {
            flush();
          }
        }
      }
    }

    private void flush() {
      List<String> lines = new ArrayList<>();
      for (String line : inline.toString().split("\n")) {
        String clean = SPACES.matcher(line.replace('\r', ' ')).replaceAll(" ").strip();
        if (!clean.isEmpty()) {
          lines.add(clean);
        }
      }
      inline.setLength(0);
      if (lines.isEmpty() || (lines.size() == 1 && lines.get(0).equals("-"))) {
        return;
      }
      String paragraph = String.join("\n", lines);
      blocks.add(HEADING_LIKE.matcher(paragraph).replaceFirst("\\\\$1"));
    }
  }
}
