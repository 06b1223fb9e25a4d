package io.hubia.runtime.ingest.web;

import io.hubia.api.v1alpha1.spec.WebSource;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceConnector;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.format.ParsedDocument;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import io.hubia.runtime.ingest.http.HttpFetcher;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Reads the pages of a {@code Web} source: its start URLs, the pages its sitemap lists, and the
 * pages linked from them up to {@code maxDepth} links away, on the same sites only.
 *
 * <p><b>Which pages.</b> The start URLs and the sitemap's pages (a sitemap index is followed
 * {@value #MAX_SITEMAP_NESTING} levels deep) are at depth 0; the links of a page at depth {@code d
 * < maxDepth} are at depth {@code d + 1}, taken breadth-first. Only the sites of the start URLs and
 * of the sitemap are crawled (their scheme, host and port: the allowed origins); links elsewhere
 * are ignored without a report, as are links to pages already seen. URLs are compared in the form
 * of {@link UrlNormalizer}, which is also the document id. At most {@code maxPages} pages are
 * fetched; the pages left over are reported in one {@link SkipCode#LimitReached} entry.
 *
 * <p><b>Politeness.</b> Every request goes through {@link HttpFetcher} with its User-Agent and no
 * credentials. The robots.txt of each allowed origin is read first ({@link RobotsRules}, for the
 * {@link HttpFetcher#AGENT_TOKEN} group); its {@code Crawl-delay} (at most {@link
 * #MAX_CRAWL_DELAY}) separates the requests to that origin. A page robots.txt disallows is not
 * fetched: it is reported as {@link SkipCode#RobotsDisallowed} when the source names it (start URL
 * or sitemap), and left out silently when it is only a link found while crawling, as other links
 * the crawler may not follow. A page marked {@code noindex} (robots meta tag or {@code
 * X-Robots-Tag}) is reported as {@link SkipCode#RobotsDisallowed}, but its links are followed
 * unless it is also {@code nofollow}. A link marked {@code rel="nofollow"} is not followed.
 * Sitemaps are fetched whatever robots.txt says, being published for crawlers; the pages they list
 * are checked.
 *
 * <p><b>Documents.</b> The content type decides the reader ({@link DocumentFormats#byMediaType};
 * without a Content-Type, the URL's extension); the charset of the Content-Type is honoured for
 * text. The title is the document's own, else the URL's last path segment, else the host; the link
 * is the page's canonical URL when it is on an allowed origin, else the URL after redirects; {@code
 * updated} is the Last-Modified header; metadata adds {@code url} and {@code contentType}. When a
 * redirect leads to a page already fetched in the pass, the page is not read twice.
 *
 * <p><b>Failures.</b> A page that cannot be taken is skipped with a precise reason and the pass
 * goes on. The whole source is {@link SourceUnavailableException unavailable}, so the documents
 * already indexed are kept, when: robots.txt of an allowed origin answers 5xx (or 429) or cannot be
 * fetched (RFC 9309 says to assume everything disallowed); the sitemap cannot be read and there are
 * no start URLs; or every start URL fetched and the sitemap failed as unreachable.
 *
 * <p>Each pass keeps its own state: a connector can be read again, or from several threads.
 */
public final class WebConnector implements SourceConnector {
  /** Links followed from the start URLs when the source does not say. */
  public static final int DEFAULT_MAX_DEPTH = 0;

  /** Deepest {@code maxDepth} accepted. */
  public static final int MAX_DEPTH = 5;

  /** Pages fetched in one pass when the source does not say. */
  public static final int DEFAULT_MAX_PAGES = 500;

  /** Largest page when the source does not say: 5 MiB. */
  public static final int DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

  /** Longest Crawl-delay honoured; a robots.txt asking more gets this. */
  public static final Duration MAX_CRAWL_DELAY = Duration.ofSeconds(10);

  /** Links kept from one page (same site, distinct); the others are ignored. */
  public static final int MAX_LINKS_PER_PAGE = 1000;

  /** Page URLs taken from the sitemap files of one pass. */
  public static final int MAX_SITEMAP_URLS = 50_000;

  /** Sitemap index levels followed below the source's sitemap. */
  public static final int MAX_SITEMAP_NESTING = 3;

  /** Sitemap files fetched in one pass, the source's included. */
  public static final int MAX_SITEMAP_FILES = 200;

  /** URLs remembered in one pass; links found beyond are counted, not kept. */
  static final int MAX_DISCOVERED = 100_000;

  /** Largest robots.txt read: RFC 9309 asks crawlers to parse at least 500 KiB. */
  static final long ROBOTS_MAX_BYTES = 512 * 1024;

  /** Largest sitemap file, compressed or not: the sitemaps.org limit. */
  static final long SITEMAP_MAX_BYTES = 50L * 1024 * 1024;

  private static final Logger LOG = Logger.getLogger(WebConnector.class);
  private static final Pattern CHARSET =
      Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)\"?");
  private static final String SUPPORTED = "HTML, PDF, plain text and Markdown";

  /** Waits between two requests to a site that asks for a Crawl-delay. */
  @FunctionalInterface
  public interface Pauser {
    /** Blocks for {@code duration}. */
    void pause(Duration duration) throws InterruptedException;

    /** Sleeps the current thread. */
    Pauser SLEEP = duration -> Thread.sleep(duration.toMillis());
  }

  private final String sourceName;
  private final List<String> urls;
  private final String sitemap;
  private final int maxDepth;
  private final int maxPages;
  private final long maxBytes;
  private final HttpFetcher fetcher;
  private final DocumentFormats formats;
  private final Pauser pauser;

  /**
   * @param sourceName the source's name in the RetrievalIndex
   * @param spec start URLs, sitemap and limits (missing limits take their defaults)
   * @param fetcher the HTTP client of every request
   * @param formats the readers of the pages' content
   */
  public WebConnector(
      String sourceName, WebSource spec, HttpFetcher fetcher, DocumentFormats formats) {
    this(sourceName, spec, fetcher, formats, Pauser.SLEEP);
  }

  /**
   * @param pauser waits for the Crawl-delay between requests to one site
   * @see #WebConnector(String, WebSource, HttpFetcher, DocumentFormats)
   */
  public WebConnector(
      String sourceName,
      WebSource spec,
      HttpFetcher fetcher,
      DocumentFormats formats,
      Pauser pauser) {
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(spec, "spec");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.formats = Objects.requireNonNull(formats, "formats");
    this.pauser = Objects.requireNonNull(pauser, "pauser");
    this.urls = spec.getUrls() == null ? List.of() : List.copyOf(spec.getUrls());
    this.sitemap =
        spec.getSitemap() == null || spec.getSitemap().isBlank() ? null : spec.getSitemap().strip();
    this.maxDepth = clamp(spec.getMaxDepth(), DEFAULT_MAX_DEPTH, 0, MAX_DEPTH);
    this.maxPages = clamp(spec.getMaxPages(), DEFAULT_MAX_PAGES, 1, Integer.MAX_VALUE);
    this.maxBytes = clamp(spec.getMaxBytes(), DEFAULT_MAX_BYTES, 1, Integer.MAX_VALUE);
  }

  /**
   * Fetches the source's pages.
   *
   * @throws SourceUnavailableException when the sites cannot be crawled (see the class comment)
   */
  @Override
  public ConnectorResult read() throws SourceUnavailableException {
    return new Pass().run();
  }

  private static int clamp(Integer value, int fallback, int min, int max) {
    return value == null ? fallback : Math.max(min, Math.min(max, value));
  }

  /** A page to fetch. */
  private record Target(URI uri, String id, int depth, boolean listed, boolean start) {}

  /** A sitemap that cannot be read. */
  private static final class SitemapFailure extends Exception {
    final SkipCode code;

    SitemapFailure(SkipCode code, String reason) {
      super(reason, null, false, false);
      this.code = code;
    }
  }

  /** The state of one pass. */
  private final class Pass {
    private final List<SourceDocument> documents = new ArrayList<>();
    private final List<SkippedDocument> skipped = new ArrayList<>();
    private final Set<String> origins = new LinkedHashSet<>();
    private final Map<String, RobotsRules> robots = new HashMap<>();
    private final Set<String> requestedOrigins = new HashSet<>();
    private final ArrayDeque<Target> queue = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> fetchedIds = new HashSet<>();
    private final SitemapReader sitemapReader =
        new SitemapReader(MAX_SITEMAP_URLS, SITEMAP_MAX_BYTES);
    private int requests;
    private int pagesFetched;
    private int startsFetched;
    private int startsUnreachable;
    private int overflow;
    private String firstOverflow;
    private boolean sitemapUnreachable;

    ConnectorResult run() throws SourceUnavailableException {
      List<Target> starts = new ArrayList<>();
      for (String url : urls) {
        Optional<URI> uri = UrlNormalizer.parse(url);
        if (uri.isEmpty()) {
          skip(
              url == null ? "" : url.strip(),
              SkipCode.UnsupportedType,
              "start URL is not a valid http(s) URL");
        } else {
          starts.add(new Target(uri.get(), uri.get().toString(), 0, true, true));
          origins.add(UrlNormalizer.origin(uri.get()));
        }
      }
      URI sitemapUri = null;
      if (sitemap != null) {
        sitemapUri = UrlNormalizer.parse(sitemap).orElse(null);
        if (sitemapUri == null && starts.isEmpty()) {
          throw unavailable("sitemap " + sitemap + " is not a valid http(s) URL", null);
        } else if (sitemapUri == null) {
          skip(sitemap, SkipCode.UnsupportedType, "sitemap is not a valid http(s) URL");
        } else {
          origins.add(UrlNormalizer.origin(sitemapUri));
        }
      }
      if (starts.isEmpty() && sitemapUri == null) {
        throw unavailable("no valid start URL nor sitemap", null);
      }
      for (String origin : origins) {
        robots.put(origin, readRobots(origin));
      }

      starts.forEach(this::enqueue);
      if (sitemapUri != null) {
        readSitemaps(sitemapUri, !starts.isEmpty());
      }
      crawl();

      if (startsFetched > 0
          && startsUnreachable == startsFetched
          && (sitemapUri == null || sitemapUnreachable)) {
        throw unavailable(
            "every start URL"
                + (sitemapUri == null ? "" : " and the sitemap")
                + " is unreachable: "
                + skipped.stream()
                    .filter(s -> s.code() == SkipCode.Unreachable)
                    .findFirst()
                    .map(SkippedDocument::reason)
                    .orElse(""),
            null);
      }
      ConnectorResult result = new ConnectorResult(documents, skipped);
      LOG.infof(
          "source %s: %d pages fetched in %d requests, %d documents read, %d skipped",
          sourceName, pagesFetched, requests, result.documents().size(), result.skipped().size());
      return result;
    }

    // ---- robots.txt

    private RobotsRules readRobots(String origin) throws SourceUnavailableException {
      URI uri = URI.create(origin + "/robots.txt");
      HttpFetcher.Response response;
      try {
        response =
            request(uri, ROBOTS_MAX_BYTES, next -> UrlNormalizer.normalize(next).isPresent());
      } catch (HttpFetcher.RedirectRefusedException e) {
        // RFC 9309 2.3.1.2: too many redirects, the file is unavailable
        LOG.debugf("source %s: %s, every page allowed", sourceName, e.getMessage());
        return RobotsRules.allowAll();
      } catch (HttpFetcher.TooLargeException e) {
        throw unavailable(
            uri + " is larger than " + ROBOTS_MAX_BYTES / 1024 + " KiB: it cannot be honoured", e);
      } catch (IOException e) {
        throw unavailable(uri + " cannot be fetched (" + describe(e) + ")", e);
      }
      int status = response.status();
      if (response.ok()) {
        RobotsRules rules =
            RobotsRules.parse(
                new String(response.body(), StandardCharsets.UTF_8), HttpFetcher.AGENT_TOKEN);
        LOG.debugf(
            "source %s: %s read, crawl delay %s", sourceName, uri, rules.crawlDelay().orElse(null));
        return rules;
      }
      if (status >= 400 && status < 500 && status != 429) {
        LOG.debugf("source %s: %s answers %d, every page allowed", sourceName, uri, status);
        return RobotsRules.allowAll();
      }
      throw unavailable(
          uri
              + " answers HTTP "
              + status
              + ": the site's rules are unknown, so nothing is fetched (RFC 9309)",
          null);
    }

    private RobotsRules robotsOf(URI uri) {
      return robots.getOrDefault(UrlNormalizer.origin(uri), RobotsRules.allowAll());
    }

    // ---- sitemaps

    private void readSitemaps(URI top, boolean hasStarts) throws SourceUnavailableException {
      record Entry(URI uri, int level) {}
      ArrayDeque<Entry> pending = new ArrayDeque<>();
      Set<String> sitemapsSeen = new HashSet<>();
      pending.add(new Entry(top, 0));
      sitemapsSeen.add(top.toString());
      int files = 0;
      int pages = 0;
      int dropped = 0;
      while (!pending.isEmpty()) {
        Entry entry = pending.poll();
        if (files >= MAX_SITEMAP_FILES || pages >= MAX_SITEMAP_URLS) {
          skip(
              entry.uri().toString(),
              SkipCode.LimitReached,
              "sitemap not read: "
                  + (files >= MAX_SITEMAP_FILES
                      ? MAX_SITEMAP_FILES + " sitemap files already read"
                      : MAX_SITEMAP_URLS + " sitemap URLs already taken")
                  + (pending.isEmpty() ? "" : ", nor " + pending.size() + " more sitemaps"));
          break;
        }
        files++;
        SitemapReader.Sitemap map;
        try {
          map = fetchSitemap(entry.uri());
        } catch (SitemapFailure e) {
          if (entry.level() == 0) {
            if (!hasStarts) {
              throw unavailable("sitemap " + top + " cannot be read: " + e.getMessage(), null);
            }
            sitemapUnreachable = e.code == SkipCode.Unreachable;
          }
          skip(entry.uri().toString(), e.code, "sitemap cannot be read: " + e.getMessage());
          continue;
        }
        dropped += map.dropped();
        for (String location : map.locations()) {
          Optional<URI> uri = UrlNormalizer.parse(location);
          if (uri.isEmpty()) {
            LOG.debugf("source %s: sitemap %s lists an invalid URL", sourceName, entry.uri());
            continue;
          }
          String id = uri.get().toString();
          if (!origins.contains(UrlNormalizer.origin(uri.get()))) {
            skip(
                id,
                SkipCode.OffHost,
                "listed by sitemap "
                    + entry.uri()
                    + " but outside the source's sites "
                    + String.join(", ", origins));
          } else if (map.index()) {
            if (entry.level() >= MAX_SITEMAP_NESTING) {
              skip(
                  id,
                  SkipCode.LimitReached,
                  "sitemap not read: sitemap indexes nested more than "
                      + MAX_SITEMAP_NESTING
                      + " levels deep");
            } else if (sitemapsSeen.add(id)) {
              pending.add(new Entry(uri.get(), entry.level() + 1));
            }
          } else if (pages >= MAX_SITEMAP_URLS) {
            dropped++;
          } else {
            pages++;
            enqueue(new Target(uri.get(), id, 0, true, false));
          }
        }
      }
      if (dropped > 0) {
        LOG.infof(
            "source %s: %d sitemap URLs beyond the %d kept were ignored",
            sourceName, dropped, MAX_SITEMAP_URLS);
        overflow += dropped;
      }
    }

    private SitemapReader.Sitemap fetchSitemap(URI uri)
        throws SitemapFailure, SourceUnavailableException {
      HttpFetcher.Response response;
      try {
        response = request(uri, SITEMAP_MAX_BYTES, this::onAllowedOrigin);
      } catch (HttpFetcher.TooLargeException e) {
        throw new SitemapFailure(
            SkipCode.TooLarge, "larger than the " + SITEMAP_MAX_BYTES + "-byte limit");
      } catch (HttpFetcher.RedirectRefusedException e) {
        throw new SitemapFailure(
            e.target() == null ? SkipCode.HttpError : SkipCode.OffHost,
            e.target() == null
                ? "more than " + HttpFetcher.MAX_REDIRECTS + " redirects"
                : "redirected to " + e.target() + ", outside the source's sites");
      } catch (ProtocolException e) {
        throw new SitemapFailure(SkipCode.HttpError, "invalid HTTP answer: " + e.getMessage());
      } catch (IOException e) {
        throw new SitemapFailure(SkipCode.Unreachable, "cannot be fetched: " + describe(e));
      }
      if (!response.ok()) {
        throw new SitemapFailure(statusCode(response.status()), "HTTP " + response.status());
      }
      try {
        return sitemapReader.read(response.body());
      } catch (SitemapReader.InvalidSitemapException e) {
        throw new SitemapFailure(SkipCode.Corrupt, e.getMessage());
      }
    }

    // ---- crawl

    private void enqueue(Target target) {
      if (seen.add(target.id())) {
        queue.add(target);
      }
    }

    private void crawl() throws SourceUnavailableException {
      while (!queue.isEmpty()) {
        Target target = queue.peek();
        if (fetchedIds.contains(target.id())) {
          queue.poll(); // already read as the end of another page's redirect
          continue;
        }
        if (!robotsAllow(target)) {
          queue.poll();
          continue;
        }
        if (pagesFetched >= maxPages) {
          break;
        }
        queue.poll();
        pagesFetched++;
        fetchedIds.add(target.id());
        fetchPage(target);
      }
      Target firstLeft = null;
      int left = 0;
      for (Target target : queue) {
        if (!fetchedIds.contains(target.id()) && robotsAllow(target)) {
          left++;
          if (firstLeft == null) {
            firstLeft = target;
          }
        }
      }
      left += overflow;
      String firstId = firstLeft != null ? firstLeft.id() : firstOverflow;
      if (left > 0 && firstId != null) {
        skip(
            firstId,
            SkipCode.LimitReached,
            (pagesFetched >= maxPages
                    ? "the limit of " + maxPages + " pages per sync is reached: "
                    : "too many URLs discovered: ")
                + left
                + " discovered URL"
                + (left == 1 ? " was" : "s were")
                + " not fetched, from this one on");
      }
    }

    /** Whether robots.txt allows the target; reports the refusal of a page the source lists. */
    private boolean robotsAllow(Target target) {
      RobotsRules.Verdict verdict = robotsOf(target.uri()).check(pathOf(target.uri()));
      if (verdict.allowed()) {
        return true;
      }
      if (target.listed()) {
        skip(
            target.id(),
            SkipCode.RobotsDisallowed,
            "robots.txt of "
                + UrlNormalizer.origin(target.uri())
                + " disallows it for "
                + HttpFetcher.AGENT_TOKEN
                + " ("
                + verdict.rule()
                + ")");
      } else {
        LOG.debugf("source %s: %s disallowed by robots.txt, not followed", sourceName, target.id());
      }
      return false;
    }

    private void fetchPage(Target target) throws SourceUnavailableException {
      if (target.start()) {
        startsFetched++;
      }
      HttpFetcher.Response response;
      try {
        response =
            request(
                target.uri(),
                maxBytes,
                this::redirectAllowed,
                type -> type == null || DocumentFormats.byMediaType(type).isPresent());
      } catch (HttpFetcher.TooLargeException e) {
        page(target, SkipCode.TooLarge, "page larger than the limit of " + maxBytes + " bytes");
        return;
      } catch (HttpFetcher.UnwantedContentTypeException e) {
        page(target, SkipCode.UnsupportedType, unsupported(e.contentType()));
        return;
      } catch (HttpFetcher.RedirectRefusedException e) {
        redirectRefused(target, e);
        return;
      } catch (ProtocolException e) {
        page(target, SkipCode.HttpError, "invalid HTTP answer: " + e.getMessage());
        return;
      } catch (IOException e) {
        if (target.start()) {
          startsUnreachable++;
        }
        page(target, SkipCode.Unreachable, "cannot be fetched: " + describe(e));
        return;
      } catch (RuntimeException e) {
        LOG.warnf(e, "source %s: unexpected failure fetching %s", sourceName, target.id());
        page(target, SkipCode.HttpError, "unexpected failure fetching the page: " + describe(e));
        return;
      }
      if (!response.ok()) {
        page(target, statusCode(response.status()), "HTTP " + response.status());
        return;
      }
      URI finalUri = UrlNormalizer.normalize(response.uri()).orElse(target.uri());
      String finalId = finalUri.toString();
      if (!finalId.equals(target.id())) {
        if (!fetchedIds.add(finalId)) {
          LOG.debugf(
              "source %s: %s redirects to %s, already read", sourceName, target.id(), finalId);
          return;
        }
        seen.add(finalId);
      }
      try {
        readPage(target, finalUri, response);
      } catch (UnreadableDocumentException e) {
        page(target, e.code(), e.getMessage());
      } catch (IOException | RuntimeException | StackOverflowError e) {
        // a parser bug on one hostile page must not stop the source
        LOG.warnf(e, "source %s: unexpected failure reading %s", sourceName, target.id());
        page(target, SkipCode.Corrupt, "unexpected failure reading the page: " + describe(e));
      }
    }

    private void readPage(Target target, URI finalUri, HttpFetcher.Response response)
        throws UnreadableDocumentException, IOException {
      String contentType = response.contentType();
      Optional<DocumentFormats.Format> format =
          contentType != null
              ? DocumentFormats.byMediaType(contentType)
              : DocumentFormats.byFileName(lastSegment(finalUri));
      if (format.isEmpty()) {
        throw new UnreadableDocumentException(SkipCode.UnsupportedType, unsupported(contentType));
      }
      byte[] body =
          format.get() == DocumentFormats.Format.PDF
              ? response.body()
              : toUtf8(response.body(), contentType);
      RobotsDirectives header =
          RobotsDirectives.ofHeaders(response.header("X-Robots-Tag"), HttpFetcher.AGENT_TOKEN);
      RobotsDirectives directives = header;
      if (format.get() == DocumentFormats.Format.HTML) {
        HtmlLinks.Page html = HtmlLinks.read(body, finalUri, HttpFetcher.AGENT_TOKEN);
        directives = directives.and(html.directives());
        if (!directives.nofollow() && target.depth() < maxDepth) {
          follow(target, html.links());
        }
      }
      if (directives.noindex()) {
        throw new UnreadableDocumentException(
            SkipCode.RobotsDisallowed,
            "the page asks not to be indexed (noindex in its "
                + (header.noindex() ? "X-Robots-Tag header" : "robots meta tag")
                + ")");
      }
      ParsedDocument parsed = formats.read(format.get(), body);
      String title = parsed.title() != null ? parsed.title().strip() : "";
      if (title.isEmpty()) {
        title = lastSegment(finalUri);
      }
      if (title.isEmpty()) {
        title = finalUri.getHost();
      }
      String uri = finalUri.toString();
      if (parsed.uri() != null) {
        Optional<URI> canonical = UrlNormalizer.parse(parsed.uri());
        if (canonical.isPresent() && onAllowedOrigin(canonical.get())) {
          uri = canonical.get().toString();
        }
      }
      Map<String, List<String>> metadata = new LinkedHashMap<>(parsed.metadata());
      metadata.put("url", List.of(finalUri.toString()));
      if (contentType != null) {
        metadata.put("contentType", List.of(mediaType(contentType)));
      }
      Instant updated = response.lastModified().orElse(parsed.updated());
      SourceDocument document =
          SourceDocument.of(
              sourceName,
              target.id(),
              title,
              uri,
              parsed.text(),
              metadata,
              parsed.labels(),
              List.of(),
              updated);
      if (document.text().isEmpty()) {
        throw new UnreadableDocumentException(SkipCode.Empty, "no text once read");
      }
      documents.add(document);
      LOG.debugf(
          "source %s: %s read (%d characters)", sourceName, target.id(), document.text().length());
    }

    private void follow(Target from, List<String> links) {
      Set<String> kept = new HashSet<>();
      int ignored = 0;
      for (String link : links) {
        Optional<URI> uri = UrlNormalizer.parse(link);
        if (uri.isEmpty() || !onAllowedOrigin(uri.get())) {
          continue; // other sites, mailto:, javascript:...
        }
        String id = uri.get().toString();
        if (kept.contains(id)) {
          continue;
        }
        if (kept.size() >= MAX_LINKS_PER_PAGE) {
          ignored++;
          continue;
        }
        kept.add(id);
        if (seen.contains(id)) {
          continue;
        }
        if (seen.size() >= MAX_DISCOVERED) {
          overflow++;
          if (firstOverflow == null) {
            firstOverflow = id;
          }
          continue;
        }
        enqueue(new Target(uri.get(), id, from.depth() + 1, false, false));
      }
      if (ignored > 0) {
        LOG.debugf(
            "source %s: %s has more than %d links, %d ignored",
            sourceName, from.id(), MAX_LINKS_PER_PAGE, ignored);
      }
    }

    private void redirectRefused(Target target, HttpFetcher.RedirectRefusedException e) {
      if (e.target() == null) {
        page(
            target,
            SkipCode.HttpError,
            "more than " + HttpFetcher.MAX_REDIRECTS + " redirects in a row");
        return;
      }
      Optional<URI> next = UrlNormalizer.normalize(e.target());
      if (next.isEmpty() || !onAllowedOrigin(next.get())) {
        page(
            target,
            SkipCode.OffHost,
            "redirected to "
                + e.target()
                + ", outside the source's sites "
                + String.join(", ", origins));
      } else {
        page(
            target,
            SkipCode.RobotsDisallowed,
            "redirected to "
                + next.get()
                + ", which robots.txt disallows ("
                + robotsOf(next.get()).check(pathOf(next.get())).rule()
                + ")");
      }
    }

    // ---- requests

    private boolean onAllowedOrigin(URI uri) {
      Optional<URI> normalized = UrlNormalizer.normalize(uri);
      return normalized.isPresent() && origins.contains(UrlNormalizer.origin(normalized.get()));
    }

    private boolean redirectAllowed(URI next) {
      Optional<URI> normalized = UrlNormalizer.normalize(next);
      return normalized.isPresent()
          && origins.contains(UrlNormalizer.origin(normalized.get()))
          && robotsOf(normalized.get()).allows(pathOf(normalized.get()));
    }

    private HttpFetcher.Response request(URI uri, long limit, Predicate<URI> redirectAllowed)
        throws IOException, SourceUnavailableException {
      return request(uri, limit, redirectAllowed, type -> true);
    }

    /** One GET, after the Crawl-delay of its site when it is not the first request there. */
    private HttpFetcher.Response request(
        URI uri, long limit, Predicate<URI> redirectAllowed, Predicate<String> contentTypeWanted)
        throws IOException, SourceUnavailableException {
      String origin = UrlNormalizer.origin(UrlNormalizer.normalize(uri).orElse(uri));
      RobotsRules rules = robots.get(origin);
      if (!requestedOrigins.add(origin) && rules != null && rules.crawlDelay().isPresent()) {
        Duration delay = rules.crawlDelay().get();
        if (delay.compareTo(MAX_CRAWL_DELAY) > 0) {
          delay = MAX_CRAWL_DELAY;
        }
        if (!delay.isZero()) {
          try {
            pauser.pause(delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the crawl delay", e);
          }
        }
      }
      requests++;
      return fetcher.get(uri, Map.of(), limit, redirectAllowed, contentTypeWanted);
    }

    // ---- reports

    private void page(Target target, SkipCode code, String reason) {
      LOG.debugf("source %s: %s skipped (%s): %s", sourceName, target.id(), code, reason);
      skip(target.id(), code, reason);
    }

    private void skip(String id, SkipCode code, String reason) {
      skipped.add(new SkippedDocument(sourceName, id.isEmpty() ? "(empty URL)" : id, code, reason));
    }

    private SourceUnavailableException unavailable(String reason, Throwable cause) {
      return new SourceUnavailableException("source " + sourceName + ": " + reason, cause);
    }
  }

  private static SkipCode statusCode(int status) {
    return status == 401 || status == 403 ? SkipCode.AccessDenied : SkipCode.HttpError;
  }

  private static String pathOf(URI uri) {
    return UrlNormalizer.pathAndQuery(uri);
  }

  private static String unsupported(String contentType) {
    return contentType == null
        ? "no Content-Type and no known file extension (read: " + SUPPORTED + ")"
        : "content type " + mediaType(contentType) + " is not read (read: " + SUPPORTED + ")";
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /** The last non-empty path segment, percent-decoded, or an empty string. */
  private static String lastSegment(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] segments = path.split("/");
    for (int i = segments.length - 1; i >= 0; i--) {
      if (!segments[i].isEmpty()) {
        try {
          return URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException e) {
          return segments[i];
        }
      }
    }
    return "";
  }

  /**
   * The body in UTF-8 when the Content-Type names another charset and the body has no byte order
   * mark (which wins, as in browsers); a UTF-8 mark is put first, so the reader does not take a
   * {@code <meta charset>} that the header overrides.
   */
  private static byte[] toUtf8(byte[] body, String contentType) {
    if (contentType == null || hasByteOrderMark(body)) {
      return body;
    }
    Matcher m = CHARSET.matcher(contentType);
    if (!m.find()) {
      return body;
    }
    Charset charset;
    try {
      charset = Charset.forName(m.group(1));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return body;
    }
    if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
      return body;
    }
    CharBuffer text;
    try {
      text =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      return body;
    }
    return ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
  }

  private static boolean hasByteOrderMark(byte[] body) {
    return (body.length >= 3
            && body[0] == (byte) 0xEF
            && body[1] == (byte) 0xBB
            && body[2] == (byte) 0xBF)
        || (body.length >= 2
            && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE)));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof ConnectException) {
      return "connection refused" + (message == null ? "" : ": " + message);
    }
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
