package io.hubia.runtime.ingest.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * HTTP GET for connectors (web pages, robots.txt, sitemaps, Hydra collections): bounded in time and
 * size, redirects followed only where the caller allows, one User-Agent. The body is read up to a
 * byte limit and the request is abandoned beyond it, so a huge or endless response costs at most
 * the limit, and a server that stops sending the body for longer than the timeout is given up.
 * Header values the caller passes (an Authorization header from a Secret) are never logged nor put
 * in an exception message. Thread-safe.
 */
public final class HttpFetcher {
  /** User-Agent of every request; robots.txt groups are matched against {@link #AGENT_TOKEN}. */
  public static final String USER_AGENT = "HubiaBot/0.1 (+https://hubia.io/bot)";

  /** The product token robots.txt rules can name. */
  public static final String AGENT_TOKEN = "HubiaBot";

  /** Redirects followed at most, per request. */
  public static final int MAX_REDIRECTS = 5;

  /** Closes the body of a response that stalls: a blocked read then fails instead of hanging. */
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private static final int READ_CHUNK = 16 * 1024;

  private final HttpClient client;
  private final Duration timeout;

  /**
   * @param timeout connect timeout, time to get the response headers, and longest wait for the next
   *     bytes of the body
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
   * @param headers every response header
   */
  public record Response(
      URI uri,
      int status,
      String contentType,
      Optional<Instant> lastModified,
      byte[] body,
      HttpHeaders headers) {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);

    public Response {
      headers = headers == null ? NO_HEADERS : headers;
    }

    /** A response whose other headers are not kept. */
    public Response(
        URI uri, int status, String contentType, Optional<Instant> lastModified, byte[] body) {
      this(uri, status, contentType, lastModified, body, NO_HEADERS);
    }

    /** Whether the status is 2xx. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** Every value of a response header (name case-insensitive), empty when absent. */
    public List<String> header(String name) {
      return headers.allValues(name);
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
   * @throws IOException when the server cannot be reached or does not answer in time (a {@link
   *     ProtocolException} when its answer is not valid HTTP, such as a redirect without Location)
   */
  public Response get(
      URI uri, Map<String, String> headers, long maxBytes, Predicate<URI> redirectAllowed)
      throws IOException {
    return get(uri, headers, maxBytes, redirectAllowed, contentType -> true);
  }

  /**
   * GET {@code uri}, abandoning a successful (2xx) response before its body is read when its
   * Content-Type is not wanted: a crawler that only reads some formats does not download the
   * others.
   *
   * @param contentTypeWanted whether a 2xx response with this Content-Type header (or {@code null}
   *     when it has none) is read
   * @throws UnwantedContentTypeException when {@code contentTypeWanted} refuses the response
   * @see #get(URI, Map, long, Predicate)
   */
  public Response get(
      URI uri,
      Map<String, String> headers,
      long maxBytes,
      Predicate<URI> redirectAllowed,
      Predicate<String> contentTypeWanted)
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
          throw new ProtocolException(
              "redirect " + status + " from " + current + " without Location");
        }
        URI next;
        try {
          next = current.resolve(location.get().strip());
        } catch (IllegalArgumentException e) {
          throw new ProtocolException(
              "redirect " + status + " from " + current + " to an invalid URI");
        }
        if (!redirectAllowed.test(next)) {
          throw new RedirectRefusedException(current, next);
        }
        current = next;
        continue;
      }
      String contentType = response.headers().firstValue("Content-Type").orElse(null);
      if (status >= 200 && status < 300 && !contentTypeWanted.test(contentType)) {
        response.body().close();
        throw new UnwantedContentTypeException(current, contentType);
      }
      long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (announced > maxBytes) {
        response.body().close();
        throw new TooLargeException(current, announced, maxBytes);
      }
      byte[] body;
      try (InputStream in = response.body()) {
        body = readBody(current, in, maxBytes);
      }
      if (body.length > maxBytes) {
        throw new TooLargeException(current, -1, maxBytes);
      }
      return new Response(
          current,
          status,
          contentType,
          response.headers().firstValue("Last-Modified").flatMap(HttpFetcher::httpDate),
          body,
          response.headers());
    }
    throw new RedirectRefusedException(uri, null);
  }

  /**
   * Reads at most {@code maxBytes + 1} bytes (one more tells a body over the limit), giving up when
   * no byte comes for the timeout: the watchdog closes the stream, which ends the blocked read.
   */
  private byte[] readBody(URI uri, InputStream in, long maxBytes) throws IOException {
    long limit = Math.min(Integer.MAX_VALUE - 8L, maxBytes + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 64 * 1024));
    byte[] buffer = new byte[READ_CHUNK];
    AtomicBoolean stalled = new AtomicBoolean();
    while (out.size() < limit) {
      ScheduledFuture<?> alarm =
          WATCHDOG.schedule(
              () -> {
                stalled.set(true);
                closeQuietly(in);
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
      int read;
      try {
        read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - out.size()));
      } catch (IOException e) {
        if (stalled.get()) {
          throw stalledBody(uri, e);
        }
        throw e;
      } finally {
        alarm.cancel(false);
      }
      if (stalled.get()) {
        throw stalledBody(uri, null);
      }
      if (read < 0) {
        break;
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  private IOException stalledBody(URI uri, IOException cause) {
    HttpTimeoutException stalled =
        new HttpTimeoutException(
            "the body from " + hostOf(uri) + " stalled for more than " + timeout);
    if (cause != null) {
      stalled.initCause(cause);
    }
    return stalled;
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "hubia-http-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    watchdog.setRemoveOnCancelPolicy(true); // one alarm per read: do not keep the cancelled ones
    return watchdog;
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the reader sees the stream closed either way
    }
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

  /** A successful response whose Content-Type the caller does not want; its body was not read. */
  public static final class UnwantedContentTypeException extends IOException {
    private final String contentType;

    public UnwantedContentTypeException(URI uri, String contentType) {
      super(
          (contentType == null ? "response without Content-Type" : "content type " + contentType)
              + " from "
              + uri
              + " not wanted");
      this.contentType = contentType;
    }

    /** The refused Content-Type header, or {@code null} when the response had none. */
    public String contentType() {
      return contentType;
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
