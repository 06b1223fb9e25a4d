package io.hubia.runtime.ingest.hydra;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubia.api.v1alpha1.spec.HydraSource;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceConnector;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import io.hubia.runtime.ingest.http.HttpFetcher;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reads the members of a {@code Hydra} source: a JSON-LD / Hydra collection served by API Platform
 * (the CRM/ERP), page after page, each member becoming one document ({@link MemberMapper}).
 *
 * <p>Every page is requested with {@code Accept: application/ld+json} and, when the source names an
 * {@code authSecretRef}, an {@code Authorization} header holding that Secret key's value as is
 * (e.g. {@code Bearer …}). The pages follow {@code view.next} ({@link HydraPage}) until there is
 * none, or until {@code maxPages} pages are read: the rest is then reported as one {@link
 * SkipCode#LimitReached} entry named after the first page left out.
 *
 * <p>The credentials never leave the collection's origin (scheme, host and port): a redirect
 * elsewhere, or a next link elsewhere, stops the pass before any request is sent there. A next link
 * to a page already read ends the pass (a loop in the API's links).
 *
 * <p>A member that cannot be taken is skipped with a precise reason and the pass goes on; a member
 * whose {@code @id} was already read is ignored. Any page that cannot be read (unreachable, too
 * slow, credentials refused, an error status, not JSON, not a Hydra collection, larger than the
 * page limit) throws {@link SourceUnavailableException}, whichever page it is: the documents of the
 * source already indexed are then kept, instead of deleting those of the pages not read.
 */
public final class HydraConnector implements SourceConnector {
  /** Pages read in one pass when the source sets no {@code maxPages}. */
  public static final int DEFAULT_MAX_PAGES = 100;

  /** The media type requested: API Platform answers JSON-LD with Hydra collections. */
  public static final String ACCEPT = "application/ld+json";

  private static final Logger LOG = Logger.getLogger(HydraConnector.class);

  /**
   * Limits of one page and one member.
   *
   * @param maxPageBytes pages with a larger body stop the pass
   * @param maxTextChars members with more text than this are skipped
   */
  public record Limits(long maxPageBytes, int maxTextChars) {
    /** 20 MiB per page, 5 million characters of text per member. */
    public static final Limits DEFAULT = new Limits(20L * 1024 * 1024, 5_000_000);

    public Limits {
      if (maxPageBytes <= 0 || maxTextChars <= 0) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  private final String sourceName;
  private final URI collection;
  private final SecretKeyRef authSecretRef;
  private final int maxPages;
  private final HttpFetcher fetcher;
  private final SecretValues secrets;
  private final MemberMapper mapper;
  private final Limits limits;

  /**
   * A connector with the {@linkplain Limits#DEFAULT default limits}.
   *
   * @see #HydraConnector(String, HydraSource, HttpFetcher, SecretValues, DocumentFormats, Limits)
   */
  public HydraConnector(
      String sourceName,
      HydraSource spec,
      HttpFetcher fetcher,
      SecretValues secrets,
      DocumentFormats formats) {
    this(sourceName, spec, fetcher, secrets, formats, Limits.DEFAULT);
  }

  /**
   * @param sourceName the source's name in the RetrievalIndex
   * @param spec the collection's URL, field mapping, credentials and page limit
   * @param fetcher makes every request
   * @param secrets gives the value of {@code spec.authSecretRef}
   * @param formats reads the body values that hold HTML
   * @param limits limits of one page and one member
   * @throws IllegalArgumentException when the URL is not an http(s) URL, the mapping is invalid (no
   *     body field, a malformed JSON Pointer) or {@code maxPages} is below 1
   */
  public HydraConnector(
      String sourceName,
      HydraSource spec,
      HttpFetcher fetcher,
      SecretValues secrets,
      DocumentFormats formats,
      Limits limits) {
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(spec, "spec");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.limits = Objects.requireNonNull(limits, "limits");
    if (spec.getUrl() == null || spec.getUrl().isBlank()) {
      throw new IllegalArgumentException("hydra.url is required");
    }
    try {
      this.collection = Iri.parseHttpUrl(spec.getUrl());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hydra.url: " + e.getMessage());
    }
    this.authSecretRef = spec.getAuthSecretRef();
    this.maxPages = spec.getMaxPages() == null ? DEFAULT_MAX_PAGES : spec.getMaxPages();
    if (maxPages < 1) {
      throw new IllegalArgumentException("hydra.maxPages must be at least 1");
    }
    this.mapper =
        new MemberMapper(
            sourceName,
            collection,
            spec.getFields(),
            Objects.requireNonNull(formats, "formats"),
            limits.maxTextChars());
  }

  /**
   * Reads the collection, page after page.
   *
   * @throws SourceUnavailableException when a page cannot be read as a Hydra collection, the
   *     credentials are refused or cannot be read, or a link leaves the collection's origin
   */
  @Override
  public ConnectorResult read() throws SourceUnavailableException {
    Map<String, String> headers = headers();
    Pass pass = new Pass();
    Set<URI> visited = new HashSet<>();
    URI page = collection;
    int pageNumber = 0;
    while (page != null) {
      if (pageNumber == maxPages) {
        pass.limitReached(page);
        break;
      }
      pageNumber++;
      visited.add(page.normalize());
      HttpFetcher.Response response = fetch(page, pageNumber, headers);
      visited.add(response.uri().normalize());
      HydraPage parsed = parse(response, pageNumber);
      pass.take(parsed, response.uri(), pageNumber);
      URI next = parsed.next();
      LOG.debugf(
          "source %s: page %d (%s): %d members, next %s",
          sourceName, pageNumber, display(response.uri()), parsed.members().size(), next);
      if (next != null && !Iri.sameOrigin(next, collection)) {
        throw new SourceUnavailableException(
            source()
                + "page "
                + pageNumber
                + " ("
                + display(response.uri())
                + ") links its next page to another origin, "
                + Iri.origin(next)
                + ": it is not followed, so that the requests and their credentials stay on "
                + Iri.origin(collection)
                + "; check the API's base URL configuration (e.g. its trusted proxies)");
      }
      if (next != null && visited.contains(next.normalize())) {
        LOG.warnf(
            "source %s: page %d links back to %s, already read: the pass stops there",
            sourceName, pageNumber, display(next));
        next = null;
      }
      page = next;
    }
    ConnectorResult result = new ConnectorResult(pass.documents, pass.skipped);
    LOG.infof(
        "source %s: %d pages, %d members, %d documents, %d skipped, %d duplicate @id ignored"
            + " (the collection announces %s items)",
        sourceName,
        pageNumber,
        pass.members,
        result.documents().size(),
        result.skipped().size(),
        pass.duplicates,
        pass.totalItems == null ? "no count of" : pass.totalItems);
    return result;
  }

  private Map<String, String> headers() throws SourceUnavailableException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", ACCEPT);
    if (authSecretRef == null) {
      return headers;
    }
    String value;
    try {
      value = secrets.value(authSecretRef);
    } catch (SourceUnavailableException e) {
      throw new SourceUnavailableException(source() + e.getMessage(), e);
    }
    if (value == null || value.isBlank()) {
      throw new SourceUnavailableException(
          source()
              + secretName()
              + " is empty: it must hold the Authorization header value, e.g."
              + " 'Bearer <token>'");
    }
    String header = value.strip();
    if (header.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
      throw new SourceUnavailableException(
          source()
              + secretName()
              + " holds a line break or a control character: it must hold a single Authorization"
              + " header value, e.g. 'Bearer <token>'");
    }
    headers.put("Authorization", header);
    return headers;
  }

  private HttpFetcher.Response fetch(URI page, int pageNumber, Map<String, String> headers)
      throws SourceUnavailableException {
    String what = source() + "page " + pageNumber + " (" + display(page) + ")";
    HttpFetcher.Response response;
    try {
      response =
          fetcher.get(page, headers, limits.maxPageBytes(), to -> Iri.sameOrigin(to, collection));
    } catch (HttpFetcher.RedirectRefusedException e) {
      throw new SourceUnavailableException(
          what
              + (e.target() == null
                  ? " redirects more than " + HttpFetcher.MAX_REDIRECTS + " times"
                  : " redirects to another origin, "
                      + Iri.origin(e.target())
                      + ": redirects are followed only on "
                      + Iri.origin(collection)
                      + ", so that the credentials never leave it; set hydra.url to the address"
                      + " the API answers at"),
          e);
    } catch (HttpFetcher.TooLargeException e) {
      throw new SourceUnavailableException(
          what
              + " is larger than the "
              + limits.maxPageBytes()
              + "-byte page limit: lower the API's page size (itemsPerPage)",
          e);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          what
              + " cannot be read: "
              + describe(e)
              + "; check hydra.url and that the API is up (documents already indexed are kept)",
          e);
    } catch (IllegalArgumentException e) {
      // no cause nor message: a header value could be quoted in it
      throw new SourceUnavailableException(what + " cannot be requested: invalid request");
    }
    if (!response.ok()) {
      throw new SourceUnavailableException(
          what + " answered HTTP " + response.status() + hint(response.status(), pageNumber));
    }
    return response;
  }

  private String hint(int status, int pageNumber) {
    if (status == 401 || status == 403) {
      if (authSecretRef == null) {
        return ": the API requires credentials; set hydra.authSecretRef to a Secret key holding"
            + " the Authorization header value, e.g. 'Bearer <token>'";
      }
      return status == 401
          ? ": the credentials were refused; check "
              + secretName()
              + " (hydra.authSecretRef): it must hold the whole Authorization header value, e.g."
              + " 'Bearer <token>', not expired"
          : ": the credentials were accepted but not allowed to read the collection; check the"
              + " rights of the account whose credentials "
              + secretName()
              + " holds (hydra.authSecretRef)";
    }
    if (status == 404) {
      return pageNumber == 1
          ? ": no collection there; check hydra.url (e.g. https://crm.example.org/api/articles)"
          : ": the previous page's next link leads nowhere (the collection may have changed"
              + " during the sync); the next sync will read it again";
    }
    if (status == 429 || status >= 500) {
      return ": the API is failing or overloaded; the documents already indexed are kept and the"
          + " next sync will try again";
    }
    return ": check hydra.url and the API's logs";
  }

  private HydraPage parse(HttpFetcher.Response response, int pageNumber)
      throws SourceUnavailableException {
    try {
      return HydraPage.parse(response.body(), response.uri());
    } catch (HydraPage.InvalidPageException e) {
      throw new SourceUnavailableException(
          source()
              + "page "
              + pageNumber
              + " ("
              + display(response.uri())
              + ", Content-Type "
              + (response.contentType() == null ? "none" : response.contentType())
              + ") cannot be read: "
              + e.getMessage());
    }
  }

  private String source() {
    return "source " + sourceName + ": ";
  }

  private String secretName() {
    return "key '" + authSecretRef.getKey() + "' of Secret '" + authSecretRef.getName() + "'";
  }

  /** A URL for messages and logs, without the user-info part it might carry. */
  private static String display(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }

  private static String describe(IOException e) {
    if (e.getCause() instanceof UnresolvedAddressException) {
      return "unknown host";
    }
    if (e instanceof ConnectException) {
      return "connection refused";
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** One pass: the documents and skips so far, the @ids met and the counts for the summary. */
  private final class Pass {
    private final List<SourceDocument> documents = new ArrayList<>();
    private final List<SkippedDocument> skipped = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private long members;
    private long duplicates;
    private Long totalItems;

    void take(HydraPage page, URI pageUrl, int pageNumber) {
      if (page.totalItems() != null) {
        totalItems = page.totalItems();
      }
      List<JsonNode> pageMembers = page.members();
      for (int i = 0; i < pageMembers.size(); i++) {
        members++;
        JsonNode member = pageMembers.get(i);
        String where = "member " + (i + 1) + " of page " + pageNumber;
        if (member.isTextual() && !member.asText().isBlank()) {
          skip(
              member.asText().strip(),
              SkipCode.MissingField,
              where
                  + " is only an IRI, without its fields: the API must embed the members in the"
                  + " collection (its default)");
          continue;
        }
        if (!member.isObject()) {
          skip(
              display(pageUrl) + "#member-" + (i + 1),
              SkipCode.MissingField,
              where + " is a JSON " + kind(member) + ", not an object");
          continue;
        }
        String id = MemberMapper.idOf(member);
        if (id == null) {
          skip(
              display(pageUrl) + "#member-" + (i + 1),
              SkipCode.MissingField,
              where + " has no '@id': members of a JSON-LD collection carry their IRI there");
          continue;
        }
        if (!ids.add(id)) {
          duplicates++;
          LOG.debugf(
              "source %s: %s has the @id %s of a member already read: ignored",
              sourceName, where, id);
          continue;
        }
        try {
          documents.add(mapper.map(member, id));
        } catch (UnreadableDocumentException e) {
          skip(id, e.code(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
          // a bug on one odd member must not stop the source
          LOG.warnf(e, "source %s: unexpected failure mapping %s", sourceName, id);
          skip(
              id,
              SkipCode.Corrupt,
              "unexpected failure mapping the member: " + e.getClass().getSimpleName());
        }
      }
    }

    void limitReached(URI next) {
      String left =
          totalItems == null
              ? ""
              : "; about "
                  + Math.max(0, totalItems - members)
                  + " of the "
                  + totalItems
                  + " items the collection announces were not read";
      skip(
          display(next),
          SkipCode.LimitReached,
          "hydra.maxPages ("
              + maxPages
              + ") reached: this page and the ones after it were not read"
              + left
              + "; raise hydra.maxPages or the API's page size");
      LOG.warnf(
          "source %s: hydra.maxPages (%d) reached, pages from %s not read",
          sourceName, maxPages, display(next));
    }

    private void skip(String id, SkipCode code, String reason) {
      skipped.add(new SkippedDocument(sourceName, id, code, reason));
    }
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
