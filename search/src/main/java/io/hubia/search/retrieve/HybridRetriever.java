package io.hubia.search.retrieve;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.search.ChunkFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * Hybrid retrieval over chunk indices: BM25 on the analysed sub-fields of the query's language and
 * k-NN on {@link ChunkFields#VECTOR}, fused as the request's {@link FusionSettings} say.
 *
 * <p>Permissions are enforced INSIDE both queries: a {@code terms} filter on {@link
 * ChunkFields#LABELS} and a {@code must_not terms} on {@link ChunkFields#FLAGS}; for k-NN they are
 * the {@code filter} of the {@code knn} query, so that the Lucene engine filters during the ANN
 * search and still returns k readable chunks (a post-filter would return fewer, or none). The
 * returned chunks are checked once more in Java, and an empty set of readable labels returns
 * nothing without querying. Thread-safe if the client is.
 */
public final class HybridRetriever {

  private static final Logger LOG = System.getLogger(HybridRetriever.class.getName());

  /** Default boost of the title against the text in the BM25 query. */
  public static final float DEFAULT_TITLE_BOOST = 2.0f;

  /** Longest fallback snippet (first sentence) in characters. */
  static final int MAX_FALLBACK_SNIPPET = 300;

  private static final int HIGHLIGHT_FRAGMENT_SIZE = 200;

  private static final List<String> SOURCE_FIELDS =
      List.of(
          ChunkFields.CHUNK_ID,
          ChunkFields.DOCUMENT_ID,
          ChunkFields.TITLE,
          ChunkFields.URI,
          ChunkFields.POSITION,
          ChunkFields.LABELS,
          ChunkFields.FLAGS,
          ChunkFields.TEXT);

  private final OpenSearchClient client;
  private final float titleBoost;
  private final AtomicLong droppedByRecheck = new AtomicLong();

  public HybridRetriever(OpenSearchClient client) {
    this(client, DEFAULT_TITLE_BOOST);
  }

  public HybridRetriever(OpenSearchClient client, float titleBoost) {
    this.client = Objects.requireNonNull(client, "client");
    this.titleBoost = titleBoost;
  }

  /** The chunk fields read from {@code _source}; public for the mapping's tests. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ChunkSource(
      @JsonProperty(ChunkFields.CHUNK_ID) String chunkId,
      @JsonProperty(ChunkFields.DOCUMENT_ID) String documentId,
      @JsonProperty(ChunkFields.TITLE) String title,
      @JsonProperty(ChunkFields.URI) String uri,
      @JsonProperty(ChunkFields.POSITION) Integer position,
      @JsonProperty(ChunkFields.LABELS) List<String> labels,
      @JsonProperty(ChunkFields.FLAGS) List<String> flags,
      @JsonProperty(ChunkFields.TEXT) String text) {}

  /**
   * Runs the request.
   *
   * @return at most topK chunks, each readable by the caller and without excluded flag, sorted by
   *     fused score; empty if the caller reads nothing or the request has neither text nor vector
   * @throws UncheckedIOException if OpenSearch cannot be reached or refuses a query
   */
  public List<RetrievedChunk> retrieve(RetrievalRequest request) {
    if (request.readableLabels().isEmpty()) {
      return List.of();
    }
    FusionSettings fusion = effectiveFusion(request);
    if (fusion == null) {
      return List.of();
    }
    int candidates = Math.max(fusion.candidates(), request.topK());
    Map<String, Hit<ChunkSource>> hits = new HashMap<>();
    List<Fusion.Scored> bm25 = List.of();
    List<Fusion.Scored> knn = List.of();
    try {
      if (fusion.mode().usesBm25()) {
        bm25 = collect(client.search(bm25Search(request, candidates), ChunkSource.class), hits);
      }
      if (fusion.mode().usesKnn()) {
        knn = collect(client.search(knnSearch(request, candidates), ChunkSource.class), hits);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("retrieval failed on " + request.aliases(), e);
    }

    List<RetrievedChunk> out = new ArrayList<>(request.topK());
    for (Fusion.Fused f : Fusion.fuse(bm25, knn, fusion)) {
      if (out.size() == request.topK()) {
        break;
      }
      Hit<ChunkSource> hit = hits.get(f.id());
      ChunkSource src = hit.source();
      if (!allowed(src, request)) {
        // Only a mapping that does not index labels/flags as keywords can get here.
        droppedByRecheck.incrementAndGet();
        LOG.log(Level.ERROR, "dropped chunk {0}: not readable by the caller", f.id());
        continue;
      }
      out.add(
          new RetrievedChunk(
              f.id(),
              src.documentId(),
              src.title(),
              src.uri(),
              src.position() == null ? 0 : src.position(),
              src.labels(),
              src.flags(),
              src.text(),
              snippet(hit, request.language(), src.text()),
              f.bm25(),
              f.knn(),
              f.fused()));
    }
    return out;
  }

  /**
   * How many hits OpenSearch returned that the Java re-check then dropped (labels not readable or
   * an excluded flag). Always 0 when the index maps labels and flags as keywords: anything else
   * means the filters inside the queries do not work on that index, and is worth an alert.
   */
  public long droppedByRecheck() {
    return droppedByRecheck.get();
  }

  /**
   * The mode actually run: without a vector, BM25 only; without text, k-NN only; null when there is
   * neither.
   */
  static FusionSettings effectiveFusion(RetrievalRequest request) {
    FusionSettings fusion = request.fusion();
    boolean text = request.hasText();
    boolean vector = request.hasVector();
    if (!text && !vector) {
      return null;
    }
    if (!vector && fusion.mode() != FusionMode.BM25_ONLY) {
      return fusion.withMode(FusionMode.BM25_ONLY);
    }
    if (!text && fusion.mode() != FusionMode.KNN_ONLY) {
      return fusion.withMode(FusionMode.KNN_ONLY);
    }
    return fusion;
  }

  /** BM25 over text, title (boosted) and headings, with the permission filter in the bool query. */
  SearchRequest bm25Search(RetrievalRequest request, int size) {
    Language lang = request.language();
    String textField = subField(ChunkFields.TEXT, lang);
    Query match =
        Query.of(
            q ->
                q.multiMatch(
                    m ->
                        m.query(request.queryText())
                            .fields(
                                textField,
                                subField(ChunkFields.TITLE, lang) + "^" + titleBoost,
                                ChunkFields.HEADING_PATH)));
    Query query = Query.of(q -> q.bool(b -> permissions(b.must(match), request)));
    return SearchRequest.of(
        s ->
            s.index(request.aliases())
                .size(size)
                .trackTotalHits(t -> t.enabled(false))
                .query(query)
                .source(src -> src.filter(f -> f.includes(SOURCE_FIELDS)))
                .highlight(
                    h ->
                        h.fields(
                            textField,
                            f ->
                                f.numberOfFragments(1)
                                    .fragmentSize(HIGHLIGHT_FRAGMENT_SIZE)
                                    .noMatchSize(0))));
  }

  /** k-NN with the permission filter as the knn query's own filter (filtered ANN search). */
  SearchRequest knnSearch(RetrievalRequest request, int k) {
    float[] vector = request.queryVector();
    List<Float> values = new ArrayList<>(vector.length);
    for (float v : vector) {
      values.add(v);
    }
    Query filter = Query.of(q -> q.bool(b -> permissions(b, request)));
    return SearchRequest.of(
        s ->
            s.index(request.aliases())
                .size(k)
                .trackTotalHits(t -> t.enabled(false))
                .query(
                    q -> q.knn(n -> n.field(ChunkFields.VECTOR).vector(values).k(k).filter(filter)))
                .source(src -> src.filter(f -> f.includes(SOURCE_FIELDS))));
  }

  private static org.opensearch.client.opensearch._types.query_dsl.BoolQuery.Builder permissions(
      org.opensearch.client.opensearch._types.query_dsl.BoolQuery.Builder bool,
      RetrievalRequest request) {
    bool.filter(
        f ->
            f.terms(
                t ->
                    t.field(ChunkFields.LABELS)
                        .terms(v -> v.value(values(request.readableLabels())))));
    if (!request.excludedFlags().isEmpty()) {
      bool.mustNot(
          f ->
              f.terms(
                  t ->
                      t.field(ChunkFields.FLAGS)
                          .terms(v -> v.value(values(request.excludedFlags())))));
    }
    return bool;
  }

  /** The analysed sub-field of a multi-field for the language, e.g. {@code text.fr}. */
  static String subField(String field, Language language) {
    return field + "." + language.name().toLowerCase(Locale.ROOT);
  }

  private static List<FieldValue> values(Set<String> set) {
    return set.stream().sorted().map(FieldValue::of).toList();
  }

  /** Hits in rank order as scored ids; keeps each chunk's hit for building the result. */
  private static List<Fusion.Scored> collect(
      SearchResponse<ChunkSource> response, Map<String, Hit<ChunkSource>> hits) {
    List<Fusion.Scored> out = new ArrayList<>();
    for (Hit<ChunkSource> hit : response.hits().hits()) {
      if (hit.source() == null) {
        continue;
      }
      String id = hit.source().chunkId() != null ? hit.source().chunkId() : hit.id();
      out.add(new Fusion.Scored(id, hit.score() == null ? 0.0 : hit.score()));
      // Keep the hit that carries a highlight (the BM25 one) if the chunk is in both lists.
      hits.merge(id, hit, (old, neu) -> old.highlight().isEmpty() ? neu : old);
    }
    return out;
  }

  static boolean allowed(ChunkSource src, RetrievalRequest request) {
    if (src.labels() == null
        || src.labels().stream().noneMatch(request.readableLabels()::contains)) {
      return false;
    }
    return src.flags() == null || src.flags().stream().noneMatch(request.excludedFlags()::contains);
  }

  private static String snippet(Hit<ChunkSource> hit, Language lang, String text) {
    List<String> fragments = hit.highlight().get(subField(ChunkFields.TEXT, lang));
    if (fragments != null && !fragments.isEmpty()) {
      return fragments.get(0);
    }
    return firstSentence(text);
  }

  /** The first sentence of the text (up to . ! ? followed by a space), at most 300 characters. */
  static String firstSentence(String text) {
    if (text == null) {
      return "";
    }
    String t = text.strip();
    int end = t.length();
    for (int i = 0; i < t.length() - 1; i++) {
      char c = t.charAt(i);
      if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(t.charAt(i + 1))) {
        end = i + 1;
        break;
      }
    }
    if (end > MAX_FALLBACK_SNIPPET) {
      int cut = t.lastIndexOf(' ', MAX_FALLBACK_SNIPPET);
      end = cut > 0 ? cut : MAX_FALLBACK_SNIPPET;
      return t.substring(0, end) + "…";
    }
    return t.substring(0, end);
  }
}
