package io.hubia.runtime.ingest.web;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One spelling per web page, for document ids and de-duplication: only {@code http} and {@code
 * https} URLs with a host; scheme and host in lowercase (an internationalised host in its ASCII
 * form), default port dropped, user info and fragment dropped, empty path made {@code /}, dot
 * segments removed, percent-escapes in uppercase and unreserved characters ({@code A-Z a-z 0-9 - .
 * _ ~}) unescaped. The query is kept as written. Illegal characters in a link (spaces, accents,
 * {@code |}) are percent-encoded in UTF-8 rather than refused, as browsers do.
 */
public final class UrlNormalizer {
  private static final Pattern ABSOLUTE =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):(?://([^/?#]*))?([^#]*)(#.*)?$", Pattern.DOTALL);
  private static final Pattern AUTHORITY =
      Pattern.compile("^(?:[^@]*@)?(\\[[^\\]]*\\]|[^:]*)(?::([0-9]*))?$");
  private static final String HEX = "0123456789ABCDEF";

  private UrlNormalizer() {}

  /** The normalised form of an absolute URL, or empty when it is not a valid http(s) URL. */
  public static Optional<URI> parse(String url) {
    if (url == null) {
      return Optional.empty();
    }
    Matcher m = ABSOLUTE.matcher(url.strip());
    if (!m.matches() || m.group(2) == null) {
      return Optional.empty();
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    Matcher authority = AUTHORITY.matcher(m.group(2));
    if (!authority.matches() || authority.group(1).isEmpty()) {
      return Optional.empty();
    }
    String host = authority.group(1);
    if (!host.startsWith("[")) {
      try {
        host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    String port = authority.group(2);
    String rest = escapeIllegal(m.group(3));
    try {
      URI uri =
          new URI(
              scheme
                  + "://"
                  + host
                  + (port == null || port.isEmpty() ? "" : ":" + port)
                  + (rest.isEmpty() || rest.startsWith("/") ? rest : "/" + rest));
      return normalize(uri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * The normalised form of an absolute http(s) URI, or empty when it is not one (another scheme, no
   * host, a port out of range).
   */
  public static Optional<URI> normalize(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.isOpaque()) {
      return Optional.empty();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort;
    if (scheme.equals("http")) {
      defaultPort = 80;
    } else if (scheme.equals("https")) {
      defaultPort = 443;
    } else {
      return Optional.empty();
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.empty(); // also hosts java.net.URI cannot parse, such as "a_b.example"
    }
    int port = uri.getPort();
    if (port > 65535) {
      return Optional.empty();
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    path = removeDotSegments(normalizeEscapes(path));
    String query = uri.getRawQuery();
    StringBuilder url =
        new StringBuilder(scheme).append("://").append(host.toLowerCase(Locale.ROOT));
    if (port >= 0 && port != defaultPort) {
      url.append(':').append(port);
    }
    url.append(path);
    if (query != null && !query.isEmpty()) {
      url.append('?').append(normalizeEscapes(query));
    }
    try {
      return Optional.of(new URI(url.toString()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Scheme, host and port of a normalised URI, such as {@code https://www.example.org:8443}. */
  public static String origin(URI uri) {
    String url = uri.toString();
    int path = url.indexOf('/', uri.getScheme().length() + 3);
    return path < 0 ? url : url.substring(0, path);
  }

  /** The path and query of a URI as sent in the request line, such as {@code /fiches?page=2}. */
  public static String pathAndQuery(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /**
   * Percent-escapes in one spelling: {@code %xx} in uppercase, the escapes of unreserved characters
   * decoded, other characters outside printable US-ASCII encoded in UTF-8, a {@code %} that starts
   * no escape written {@code %25}. Reserved characters ({@code / ? = &}...) stay as they are,
   * escaped or not, since escaping them can change the meaning.
   */
  public static String normalizeEscapes(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          out.append("%25");
          i++;
          continue;
        }
        char decoded = (char) (hi * 16 + lo);
        if (unreserved(decoded)) {
          out.append(decoded);
        } else {
          out.append('%').append(HEX.charAt(hi)).append(HEX.charAt(lo));
        }
        i += 3;
        continue;
      }
      if (c > 0x20 && c < 0x7F) {
        out.append(c);
        i++;
        continue;
      }
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      appendEncoded(out, new String(Character.toChars(codePoint)));
    }
    return out.toString();
  }

  /** Percent-encodes the characters {@link URI} refuses, keeping valid escapes and delimiters. */
  private static String escapeIllegal(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        boolean escape =
            i + 2 < text.length()
                && Character.digit(text.charAt(i + 1), 16) >= 0
                && Character.digit(text.charAt(i + 2), 16) >= 0;
        out.append(escape ? "%" : "%25");
        i++;
        continue;
      }
      if (c > 0x20 && c < 0x7F && "\"<>\\^`{|}[]".indexOf(c) < 0) {
        out.append(c);
        i++;
        continue;
      }
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      appendEncoded(out, new String(Character.toChars(codePoint)));
    }
    return out.toString();
  }

  private static void appendEncoded(StringBuilder out, String character) {
    for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
    }
  }

  private static boolean unreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** RFC 3986 section 5.2.4, on an absolute path. */
  private static String removeDotSegments(String path) {
    if (!path.contains(".")) {
      return path;
    }
    String[] segments = path.split("/", -1);
    ArrayDeque<String> kept = new ArrayDeque<>();
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals(".")) {
        if (last) {
          kept.addLast("");
        }
      } else if (segment.equals("..")) {
        kept.pollLast();
        if (last) {
          kept.addLast("");
        }
      } else {
        kept.addLast(segment);
      }
    }
    return "/" + String.join("/", kept);
  }
}
