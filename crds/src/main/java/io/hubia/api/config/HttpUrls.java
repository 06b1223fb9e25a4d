package io.hubia.api.config;

import java.net.URI;
import java.net.URISyntaxException;

/** Reading the http(s) URLs that settings name (issuers, key sets, model servers). */
public final class HttpUrls {
  private HttpUrls() {}

  /** The URL as an absolute URI, or null when it is not one. */
  public static URI parse(String url) {
    try {
      URI uri = new URI(url);
      return uri.isAbsolute() ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Whether the URI's scheme is http or https (any case). */
  public static boolean isHttp(URI uri) {
    return uri.getScheme() != null
        && (uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"));
  }
}
