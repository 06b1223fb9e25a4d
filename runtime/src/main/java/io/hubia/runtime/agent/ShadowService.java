package io.hubia.runtime.agent;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.api.ProblemTypes;
import io.hubia.runtime.identity.Caller;
import io.hubia.runtime.identity.CallerAuthenticator;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.chunk.Chunk;
import io.hubia.runtime.ingest.chunk.ChunkingSettings;
import io.hubia.runtime.ingest.chunk.MiniLmTokenCounter;
import io.hubia.runtime.ingest.chunk.StructureChunker;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.pipeline.IngestionPipeline;
import io.hubia.runtime.ingest.screen.InjectionScreener;
import io.hubia.search.ChunkFields;
import io.hubia.search.index.ChunkIndexer;
import io.hubia.search.index.EmbeddingMismatchException;
import io.hubia.search.index.IndexLifecycle;
import io.hubia.search.index.IndexedChunk;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.search.Hit;

/**
 * Creates evaluation shadows (docs/api.md, Evaluation shadows): for each index of a workflow, a new
 * index {@code hubia-shadow-<id>-<index>} with the live index's mapping, a copy of its chunks, and
 * the planted documents chunked, screened and embedded as a sync would (source {@value #SOURCE}).
 * The live indexes and aliases are only read.
 */
@Singleton
public class ShadowService {
  private static final Logger LOG = Logger.getLogger(ShadowService.class);

  /** The source name of planted documents: their ids are {@code planted:<id>}. */
  public static final String SOURCE = "planted";

  static final int MAX_DOCUMENTS = 50;
  static final int MAX_TEXT = 20_000;
  static final int MAX_TITLE = 500;
  static final int MAX_LABELS = 20;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  static final Pattern LABEL = Pattern.compile("[^\\s,]{1,100}");

  /** Chunks read and rewritten together when the copy's vectors are restored. */
  static final int PAGE = 200;

  /** A document to plant, as the request gives it ({@code labels} may be null). */
  public record PlantedDocument(String id, String title, String text, List<String> labels) {}

  /** What the shadow of one index holds. */
  public record IndexShadow(
      String index,
      String shadowIndex,
      long copiedChunks,
      int plantedDocuments,
      int plantedChunks,
      int flaggedChunks) {}

  /** A created shadow. */
  public record Created(String shadow, Instant expiresAt, List<IndexShadow> indexes) {}

  private final AskService ask;
  private final ShadowRegistry registry;
  private final SearchClients search;
  private final CallerAuthenticator authenticator;

  public ShadowService(
      AskService ask,
      ShadowRegistry registry,
      SearchClients search,
      CallerAuthenticator authenticator) {
    this.ask = ask;
    this.registry = registry;
    this.search = search;
    this.authenticator = authenticator;
  }

  /**
   * Creates a shadow of the indexes of {@code workflowName} for the caller of {@code
   * authorization}, with {@code documents} planted in each.
   */
  public synchronized Created create(
      String workflowName, String authorization, List<PlantedDocument> documents) {
    registry.requireEnabled();
    CompiledWorkflow w = ask.compiled(workflowName);
    Caller caller =
        authenticator.authenticate(authorization, w.policy == null ? null : w.policy.getIdentity());
    Set<String> readable = w.readAccess.readableLabels(caller.roles(), caller.attributes());
    List<SourceDocument> planted = validate(documents, readable);
    registry.sweep();
    registry.checkRoom(w.name());

    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Embedder embedder = ask.embedder();
    List<IndexedChunk> chunks = chunks(planted, embedder);
    int flagged = (int) chunks.stream().filter(c -> !c.flags().isEmpty()).count();
    OpenSearchClient client = search.client(w.snapshot.config());
    IndexLifecycle lifecycle = new IndexLifecycle(client);
    ChunkIndexer indexer = new ChunkIndexer(client);
    Map<String, String> indexes = new LinkedHashMap<>();
    List<IndexShadow> reports = new ArrayList<>();
    try {
      for (RuntimeConfig.Index index : w.snapshot.config().getIndexes()) {
        String alias = w.alias(index);
        if (alias == null) {
          continue;
        }
        String shadowIndex =
            ShadowRegistry.PREFIX + id + "-" + index.getName().toLowerCase(Locale.ROOT);
        lifecycle.checkCompatible(alias, embedder.name(), embedder.dimension());
        lifecycle.createLike(alias, shadowIndex, 0);
        indexes.put(index.getName(), shadowIndex);
        long copied = lifecycle.copyDocuments(alias, shadowIndex);
        restoreVectors(client, shadowIndex, embedder);
        indexer.index(shadowIndex, chunks, Refresh.True);
        reports.add(
            new IndexShadow(
                index.getName(), shadowIndex, copied, planted.size(), chunks.size(), flagged));
      }
    } catch (EmbeddingMismatchException e) {
      ShadowRegistry.dropIndexes(client, indexes.values());
      throw new ProblemException(
          ProblemTypes.ABOUT_BLANK,
          "Index not shadowable",
          409,
          "An index of this workflow was built with another embedding model than the runtime's: "
              + e.getMessage());
    } catch (IOException | RuntimeException e) {
      ShadowRegistry.dropIndexes(client, indexes.values());
      LOG.warnf("Evaluation shadow of workflow %s not created: %s", w.name(), e.getMessage());
      throw new ProblemException(
          ProblemTypes.SEARCH_UNAVAILABLE,
          "Search unavailable",
          503,
          "The shadow indexes cannot be created right now; try again later.");
    }
    Instant expiresAt = registry.expiryOfNew();
    registry.add(new ShadowRegistry.Shadow(id, w.name(), Map.copyOf(indexes), expiresAt, client));
    LOG.infof(
        "Evaluation shadow %s of workflow %s created: %d indexes, %d planted documents, expires at"
            + " %s",
        id, w.name(), indexes.size(), planted.size(), expiresAt);
    return new Created(id, expiresAt, List.copyOf(reports));
  }

  /** Authenticates the caller of {@code authorization} for {@code workflowName} (401/404). */
  public void authenticate(String workflowName, String authorization) {
    CompiledWorkflow w = ask.compiled(workflowName);
    authenticator.authenticate(authorization, w.policy == null ? null : w.policy.getIdentity());
  }

  /** The planted documents, checked; 400 naming the first field that is wrong. */
  static List<SourceDocument> validate(List<PlantedDocument> documents, Set<String> readable) {
    if (documents == null || documents.isEmpty()) {
      throw invalid("documents", "send 1 to " + MAX_DOCUMENTS + " documents");
    }
    if (documents.size() > MAX_DOCUMENTS) {
      throw invalid(
          "documents", documents.size() + " documents; at most " + MAX_DOCUMENTS + " per shadow");
    }
    Set<String> ids = new HashSet<>();
    List<SourceDocument> out = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < documents.size(); i++) {
      String at = "documents[" + i + "]";
      PlantedDocument d = documents.get(i);
      if (d == null) {
        throw invalid(at, "a document is an object {id, title, text, labels}");
      }
      if (d.id() == null || !ID.matcher(d.id()).matches()) {
        throw invalid(at + ".id", "1 to 100 characters among A-Z a-z 0-9 . _ -");
      }
      if (!ids.add(d.id())) {
        throw invalid(at + ".id", "the id " + d.id() + " is given twice");
      }
      if (d.text() == null || d.text().isBlank()) {
        throw invalid(at + ".text", "the text is empty");
      }
      if (d.text().length() > MAX_TEXT) {
        throw invalid(
            at + ".text", d.text().length() + " characters; at most " + MAX_TEXT + " per document");
      }
      if (d.title() != null && d.title().length() > MAX_TITLE) {
        throw invalid(at + ".title", "at most " + MAX_TITLE + " characters");
      }
      List<String> labels;
      if (d.labels() == null) {
        if (readable.isEmpty()) {
          throw invalid(at + ".labels", "the caller may read no label: give the document's labels");
        }
        labels = List.copyOf(new TreeSet<>(readable));
      } else {
        if (d.labels().isEmpty() || d.labels().size() > MAX_LABELS) {
          throw invalid(at + ".labels", "1 to " + MAX_LABELS + " labels, or leave it out");
        }
        for (String label : d.labels()) {
          if (label == null || !LABEL.matcher(label).matches()) {
            throw invalid(
                at + ".labels", "a label is 1 to 100 characters without spaces or commas");
          }
        }
        labels = List.copyOf(new TreeSet<>(d.labels()));
      }
      String title = d.title() == null || d.title().isBlank() ? d.id() : d.title();
      out.add(
          SourceDocument.of(
              SOURCE, d.id(), title, null, d.text(), Map.of(), labels, List.of(), now));
    }
    return out;
  }

  /** The chunks of the planted documents, screened and embedded as a sync does. */
  private static List<IndexedChunk> chunks(List<SourceDocument> documents, Embedder embedder) {
    StructureChunker chunker =
        new StructureChunker(
            MiniLmTokenCounter.shared(), ChunkingSettings.resolve(null, embedder.window()));
    InjectionScreener screener = new InjectionScreener();
    List<Chunk> all = new ArrayList<>();
    List<SourceDocument> of = new ArrayList<>();
    for (SourceDocument d : documents) {
      for (Chunk c : chunker.chunk(d, d.labels())) {
        all.add(c);
        of.add(d);
      }
    }
    List<float[]> vectors = embedder.embedAll(all.stream().map(Chunk::embeddingText).toList());
    List<IndexedChunk> chunks = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Chunk c = all.get(i);
      SourceDocument d = of.get(i);
      String key = IngestionPipeline.documentKey(SOURCE, d.id());
      List<String> flags =
          screener.screen(c.embeddingText()).suspected()
              ? List.of(ChunkFields.FLAG_INJECTION_SUSPECTED)
              : List.of();
      chunks.add(
          new IndexedChunk(
              IndexedChunk.chunkId(key, c.position()),
              key,
              c.source(),
              c.title(),
              c.text(),
              c.headingPath().isEmpty() ? null : String.join(" > ", c.headingPath()),
              c.uri(),
              c.position(),
              c.labels(),
              flags,
              d.contentHash(),
              d.updated(),
              vectors.get(i)));
    }
    return chunks;
  }

  /**
   * Gives the copied chunks their vectors back: {@code _reindex} copies {@code _source}, which
   * leaves the vector out (IndexMapping). Each is embedded again from its title, heading path and
   * text, the prefix line a sync embeds, so k-NN finds the copied chunks as it finds the live ones.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void restoreVectors(OpenSearchClient client, String index, Embedder embedder)
      throws IOException {
    List<FieldValue> after = null;
    while (true) {
      List<FieldValue> from = after;
      SearchResponse<Map> page =
          client.search(
              s -> {
                s.index(index)
                    .size(PAGE)
                    .sort(o -> o.field(f -> f.field(ChunkFields.CHUNK_ID).order(SortOrder.Asc)));
                if (from != null) {
                  s.searchAfter(from);
                }
                return s;
              },
              Map.class);
      List<Hit<Map>> hits = page.hits().hits();
      if (hits.isEmpty()) {
        break;
      }
      List<String> texts = new ArrayList<>(hits.size());
      for (Hit<Map> hit : hits) {
        texts.add(embeddingText(hit.source()));
      }
      List<float[]> vectors = embedder.embedAll(texts);
      List<BulkOperation> operations = new ArrayList<>(hits.size());
      for (int i = 0; i < hits.size(); i++) {
        Map<String, Object> doc = new LinkedHashMap<>(hits.get(i).source());
        float[] v = vectors.get(i);
        List<Float> vector = new ArrayList<>(v.length);
        for (float f : v) {
          vector.add(f);
        }
        doc.put(ChunkFields.VECTOR, vector);
        String id = hits.get(i).id();
        operations.add(BulkOperation.of(b -> b.index(x -> x.index(index).id(id).document(doc))));
      }
      var response = client.bulk(b -> b.operations(operations).refresh(Refresh.False));
      if (response.errors()) {
        throw new IllegalStateException("restoring the vectors of " + index + " failed");
      }
      if (hits.size() < PAGE) {
        break;
      }
      after = hits.get(hits.size() - 1).sort();
    }
    client.indices().refresh(r -> r.index(index));
  }

  /** The prefix line (title, heading path) and the text, as the chunker builds it. */
  static String embeddingText(Map<String, Object> source) {
    String title = str(source.get(ChunkFields.TITLE));
    String path = str(source.get(ChunkFields.HEADING_PATH));
    String text = str(source.get(ChunkFields.TEXT));
    List<String> parts = new ArrayList<>();
    if (!title.isBlank() && (path.isBlank() || !path.startsWith(title))) {
      parts.add(title.strip());
    }
    if (!path.isBlank()) {
      parts.add(path.strip());
    }
    String prefix = String.join(" > ", parts);
    return prefix.isEmpty() || text.startsWith(prefix) ? text : prefix + "\n" + text;
  }

  private static String str(Object value) {
    return value == null ? "" : value.toString();
  }

  private static ProblemException invalid(String field, String why) {
    return new ProblemException(
        ProblemTypes.INVALID_REQUEST, "Invalid shadow request", 400, field + ": " + why);
  }
}
