package io.hubia.runtime.ingest.hydra;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * IRIs of a Hydra collection: resolving the relative ones ({@code /api/fiches?page=2}, {@code
 * ?page=2}) against the page that holds them, and telling whether two of them share an origin.
 *
 * <p>{@link URI#resolve} follows RFC 2396, which resolves a query-only reference such as {@code
 * ?page=2} against the base's folder ({@code /api/?page=2} from {@code /api/fiches}); API Platform
 * links are read as RFC 3986 says: same path, new query.
 */
final class Iri {
  private Iri() {}

  /**
   * {@code reference} resolved against {@code base}, without its fragment.
   *
   * @throws IllegalArgumentException when {@code reference} is not a valid IRI, or does not resolve
   *     to an absolute http(s) URL with a host
   */
  static URI resolve(URI base, String reference) {
    String ref = reference.strip();
    URI relative;
    try {
      relative = new URI(ref);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + abbreviate(ref) + "' is not a valid IRI");
    }
    URI resolved;
    if (!relative.isAbsolute()
        && relative.getRawAuthority() == null
        && (relative.getRawPath() == null || relative.getRawPath().isEmpty())) {
      // RFC 3986 5.2.2: an empty path keeps the base's path, and its query unless one is given
      String query = relative.getRawQuery() != null ? relative.getRawQuery() : base.getRawQuery();
      resolved =
          URI.create(
              base.getScheme()
                  + "://"
                  + base.getRawAuthority()
                  + base.getRawPath()
                  + (query == null ? "" : "?" + query));
    } else {
      resolved = base.resolve(relative);
    }
    return httpUrl(withoutFragment(resolved), ref);
  }

  /**
   * {@code url} parsed as an absolute http(s) URL with a host, without its fragment.
   *
   * @throws IllegalArgumentException otherwise
   */
  static URI parseHttpUrl(String url) {
    try {
      return httpUrl(withoutFragment(new URI(url.strip())), url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + abbreviate(url) + "' is not a valid URL");
    }
  }

  /** Whether {@code a} and {@code b} have the same scheme, host and port (default ports filled). */
  static boolean sameOrigin(URI a, URI b) {
    return origin(a).equals(origin(b));
  }

  /**
   * {@code scheme://host:port} in lower case, with the scheme's default port when none is given.
   */
  static String origin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (port < 0) {
      port = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    }
    return scheme + "://" + host + ":" + port;
  }

  /** The last non-empty segment of an IRI's path ({@code 42} for {@code /api/fiches/42}). */
  static String lastSegment(String iri) {
    String path = iri;
    int cut = indexOfAny(path, '?', '#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String segment = path.substring(path.lastIndexOf('/') + 1);
    return segment.isBlank() ? iri : segment;
  }

  private static URI httpUrl(URI uri, String original) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "'" + abbreviate(original) + "' is not an http(s) URL with a host");
    }
    return uri;
  }

  private static URI withoutFragment(URI uri) {
    if (uri.getRawFragment() == null) {
      return uri;
    }
    String s = uri.toString();
    return URI.create(s.substring(0, s.indexOf('#')));
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }
}
