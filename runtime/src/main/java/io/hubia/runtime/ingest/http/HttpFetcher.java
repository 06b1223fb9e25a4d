package io.hubia.runtime.ingest.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * HTTP GET for connectors (web pages, robots.txt, sitemaps, Hydra collections): bounded in time and
 * size, redirects followed only where the caller allows, one User-Agent. The body is read up to a
 * byte limit and the request is abandoned beyond it, so a huge or endless response costs at most
 * the limit. Header values the caller passes (an Authorization header from a Secret) are never
 * logged nor put in an exception message. Thread-safe.
 */
public final class HttpFetcher {
  /** User-Agent of every request; robots.txt groups are matched against {@link #AGENT_TOKEN}. */
  public static final String USER_AGENT = "HubiaBot/0.1 (+https://hubia.io/bot)";

  /** The product token robots.txt rules can name. */
  public static final String AGENT_TOKEN = "HubiaBot";

  /** Redirects followed at most, per request. */
  public static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param timeout connect timeout, and time to get the response headers
   */
  public HttpFetcher(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * A response read in full.
   *
   * @param uri the URI that answered, after redirects
   * @param status HTTP status
   * @param contentType the Content-Type header, or {@code null}
   * @param lastModified the Last-Modified header, when present and valid
   * @param body the body, at most the requested limit
   */
  public record Response(
      URI uri, int status, String contentType, Optional<Instant> lastModified, byte[] body) {
    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * GET {@code uri}.
   *
   * @param headers extra request headers
   * @param maxBytes largest body accepted
   * @param redirectAllowed whether a redirect to a URI may be followed
   * @throws TooLargeException when the body (or its announced length) exceeds {@code maxBytes}
   * @throws RedirectRefusedException when a redirect leads where {@code redirectAllowed} refuses,
   *     or there are more than {@link #MAX_REDIRECTS}
   * @throws IOException when the server cannot be reached or does not answer in time
   */
  public Response get(
      URI uri, Map<String, String> headers, long maxBytes, Predicate<URI> redirectAllowed)
      throws IOException {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(current)
              .GET()
              .timeout(timeout)
              .header("User-Agent", USER_AGENT)
              .header("Accept-Encoding", "identity");
      headers.forEach(request::header);
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (HttpTimeoutException e) {
        throw new IOException("no answer from " + hostOf(current) + " within " + timeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching " + current, e);
      }
      int status = response.statusCode();
      if (status >= 300 && status < 400 && status != 304) {
        response.body().close();
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
          throw new IOException("redirect " + status + " from " + current + " without Location");
        }
        URI next = current.resolve(location.get().strip());
        if (!redirectAllowed.test(next)) {
          throw new RedirectRefusedException(current, next);
        }
        current = next;
        continue;
      }
      long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (announced > maxBytes) {
        response.body().close();
        throw new TooLargeException(current, announced, maxBytes);
      }
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      }
      if (body.length > maxBytes) {
        throw new TooLargeException(current, -1, maxBytes);
      }
      return new Response(
          current,
          status,
          response.headers().firstValue("Content-Type").orElse(null),
          response.headers().firstValue("Last-Modified").flatMap(HttpFetcher::httpDate),
          body);
    }
    throw new RedirectRefusedException(uri, null);
  }

  private static String hostOf(URI uri) {
    return uri.getHost() == null ? uri.toString() : uri.getHost();
  }

  private static Optional<Instant> httpDate(String value) {
    try {
      return Optional.of(
          ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The body is larger than the limit. */
  public static final class TooLargeException extends IOException {
    public TooLargeException(URI uri, long announced, long maxBytes) {
      super(
          (announced > 0 ? "response of " + announced + " bytes" : "response")
              + " from "
              + uri
              + " is larger than the "
              + maxBytes
              + "-byte limit");
    }
  }

  /** A redirect the caller does not allow, or too many of them. */
  public static final class RedirectRefusedException extends IOException {
    private final URI target;

    public RedirectRefusedException(URI from, URI target) {
      super(
          target == null
              ? "more than " + MAX_REDIRECTS + " redirects from " + from
              : "redirect from " + from + " to " + target + " refused");
      this.target = target;
    }

    /** Where the refused redirect led, or {@code null} after too many redirects. */
    public URI target() {
      return target;
    }
  }
}
