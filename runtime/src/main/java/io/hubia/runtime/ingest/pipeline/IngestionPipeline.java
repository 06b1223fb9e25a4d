package io.hubia.runtime.ingest.pipeline;

import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.api.v1alpha1.spec.SourceType;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.TextNormalizer;
import io.hubia.runtime.ingest.chunk.Chunk;
import io.hubia.runtime.ingest.chunk.ChunkingSettings;
import io.hubia.runtime.ingest.chunk.MiniLmTokenCounter;
import io.hubia.runtime.ingest.chunk.StructureChunker;
import io.hubia.runtime.ingest.chunk.TokenCounter;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.files.FilesConnector;
import io.hubia.runtime.ingest.labels.LabelAssignment;
import io.hubia.runtime.ingest.labels.LabelMapper;
import io.hubia.runtime.ingest.screen.InjectionScreener;
import io.hubia.search.ChunkFields;
import io.hubia.search.index.ChunkIndexer;
import io.hubia.search.index.EmbeddingMismatchException;
import io.hubia.search.index.IndexLifecycle;
import io.hubia.search.index.IndexMapping;
import io.hubia.search.index.IndexNames;
import io.hubia.search.index.IndexedChunk;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;

/**
 * One sync of a RetrievalIndex into OpenSearch: read every source, label, chunk, screen, embed and
 * index, behind the alias {@link IndexNames#alias}. Plain Java, shared by the ingestion Job and
 * local mode.
 *
 * <p>Documents are identified in the index as {@code <source>:<id>} ({@link #documentKey}), so that
 * two sources can hold the same relative path. Each chunk records the document's
 * <em>fingerprint</em> in {@link ChunkFields#CONTENT_HASH}: the SHA-256 of the document's content
 * hash with everything else that shapes its chunks (title, link, labels, chunking settings,
 * embedding model, screening threshold). An incremental sync embeds again only the documents whose
 * fingerprint changed, so a change of labels is applied without waiting for a rebuild.
 *
 * <p>A source that cannot be read (its server down, a missing folder) is reported in {@link
 * SyncReport#skippedSources()} and its documents already in the index are kept: a missing volume
 * never empties the index. A full rebuild is refused in that case, as it would drop them.
 *
 * <p>Chunks whose text the {@link InjectionScreener} suspects get {@link
 * ChunkFields#FLAG_INJECTION_SUSPECTED} in {@link ChunkFields#FLAGS}, never a label: labels are for
 * permissions only.
 */
public final class IngestionPipeline {

  /** Version of the fingerprint's recipe; changing it re-embeds everything once. */
  static final String FINGERPRINT_VERSION = "1";

  /** Chunks embedded and indexed together, to bound memory on large sources. */
  static final int FLUSH_CHUNKS = 256;

  /**
   * Settings of a pipeline.
   *
   * @param replicas replicas of a created index, or {@code null} for {@code spec.opensearch} (0 on
   *     a single node such as the embedded one, where any replica leaves the index yellow)
   * @param injectionThreshold score from which a chunk is flagged
   * @param limits limits of one file
   * @param stageRebuilds whether a full rebuild leaves the alias flip to the caller (see {@link
   *     #withStagedRebuilds()})
   */
  public record Options(
      Integer replicas,
      double injectionThreshold,
      FilesConnector.Limits limits,
      boolean stageRebuilds) {
    public Options {
      Objects.requireNonNull(limits, "limits");
    }

    public Options(Integer replicas, double injectionThreshold, FilesConnector.Limits limits) {
      this(replicas, injectionThreshold, limits, false);
    }

    public static Options defaults() {
      return new Options(null, InjectionScreener.DEFAULT_THRESHOLD, FilesConnector.Limits.DEFAULT);
    }

    public Options withReplicas(Integer replicas) {
      return new Options(replicas, injectionThreshold, limits, stageRebuilds);
    }

    /**
     * A full rebuild fills its new physical index and leaves the alias where it was: the ingestion
     * Job's way, where the operator flips the alias once the Job has succeeded.
     */
    public Options withStagedRebuilds() {
      return new Options(replicas, injectionThreshold, limits, true);
    }
  }

  private final Embedder embedder;
  private final SourceConnectors connectors;
  private final Options options;
  private final OpenSearchClient client;
  private final IndexLifecycle lifecycle;
  private final ChunkIndexer indexer;
  private final InjectionScreener screener;
  private final TokenCounter tokens;

  public IngestionPipeline(
      OpenSearchClient client, Embedder embedder, SourceConnectors connectors, Options options) {
    this.client = Objects.requireNonNull(client, "client");
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.connectors = Objects.requireNonNull(connectors, "connectors");
    this.options = Objects.requireNonNull(options, "options");
    this.lifecycle = new IndexLifecycle(client);
    this.indexer = new ChunkIndexer(client);
    this.screener = new InjectionScreener(options.injectionThreshold());
    this.tokens = MiniLmTokenCounter.shared();
  }

  /** A pipeline whose Files sources are read from {@code folders}, without Secrets. */
  public IngestionPipeline(
      OpenSearchClient client,
      Embedder embedder,
      SourceConnectors.FolderResolver folders,
      Options options) {
    this(
        client,
        embedder,
        new SourceConnectors(folders, SecretValues.none(), options.limits()),
        options);
  }

  /** The id of a document in the index: its source's name, ':', its id in the source. */
  public static String documentKey(String source, String id) {
    return source + ":" + id;
  }

  /**
   * Syncs the RetrievalIndex {@code name} of {@code namespace}.
   *
   * @throws EmbeddingMismatchException in {@link SyncMode#INCREMENTAL} when the index was built
   *     with another embedding model or dimension: run a {@link SyncMode#FULL_REBUILD}
   * @throws IllegalStateException in {@link SyncMode#FULL_REBUILD} when a source cannot be read
   *     (its documents would be lost); the current index is left as it was
   * @throws IllegalArgumentException when the spec is invalid (e.g. no default labels)
   * @throws IOException when OpenSearch cannot be reached
   */
  public SyncReport sync(String namespace, String name, RetrievalIndexSpec spec, SyncMode mode)
      throws IOException {
    return sync(namespace, name, spec, mode, SyncProgress.NONE);
  }

  /** {@link #sync(String, String, RetrievalIndexSpec, SyncMode)}, reporting its progress. */
  public SyncReport sync(
      String namespace, String name, RetrievalIndexSpec spec, SyncMode mode, SyncProgress progress)
      throws IOException {
    long start = System.nanoTime();
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(mode, "mode");
    String alias = IndexNames.alias(namespace, name);
    ChunkingSettings chunking = ChunkingSettings.resolve(spec.getChunking(), embedder.window());
    StructureChunker chunker = new StructureChunker(tokens, chunking);
    Read read = read(spec, chunking, progress);

    IndexMapping mapping =
        options.replicas() == null
            ? IndexMapping.of(spec, embedder.name(), embedder.dimension())
            : IndexMapping.of(spec, embedder.name(), embedder.dimension(), options.replicas());

    Outcome outcome =
        mode == SyncMode.INCREMENTAL
            ? incremental(alias, mapping, read, chunker, progress)
            : rebuild(alias, mapping, read, chunker, progress);

    long chunks = client.count(c -> c.index(outcome.physical())).count();
    return new SyncReport(
        alias,
        outcome.physical(),
        mode,
        read.documents().size(),
        (int) chunks,
        outcome.embedded(),
        outcome.embeddedChunks(),
        read.documents().size() - outcome.embedded(),
        outcome.deleted(),
        read.skipped(),
        read.skippedSources(),
        outcome.contentChanged(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private Outcome incremental(
      String alias,
      IndexMapping mapping,
      Read read,
      StructureChunker chunker,
      SyncProgress progress)
      throws IOException {
    Optional<String> current = lifecycle.currentPhysical(alias);
    String physical;
    if (current.isPresent()) {
      lifecycle.checkCompatible(alias, embedder.name(), embedder.dimension());
      physical = current.get();
    } else {
      physical = lifecycle.createPhysical(alias, lifecycle.nextGeneration(alias), mapping);
      lifecycle.flipAlias(alias, physical);
    }
    Map<String, String> indexed = indexer.indexedHashes(physical);

    List<Prepared> toEmbed = new ArrayList<>();
    for (Prepared doc : read.documents().values()) {
      if (!doc.fingerprint().equals(indexed.get(doc.key()))) {
        toEmbed.add(doc);
      }
    }
    Set<String> gone = new TreeSet<>();
    for (String key : indexed.keySet()) {
      if (!read.documents().containsKey(key) && !read.keptSources().contains(sourceOf(key))) {
        gone.add(key);
      }
    }
    Set<String> toDelete = new HashSet<>(gone);
    for (Prepared doc : toEmbed) {
      if (indexed.containsKey(doc.key())) {
        toDelete.add(doc.key()); // its old chunks, which may be more than its new ones
      }
    }
    if (!toDelete.isEmpty()) {
      indexer.deleteDocuments(physical, toDelete, toEmbed.isEmpty());
    }
    int embeddedChunks = embedAndIndex(physical, toEmbed, chunker, progress);
    if (!toEmbed.isEmpty()) {
      indexer.refresh(physical);
    }
    return new Outcome(
        physical,
        toEmbed.size(),
        embeddedChunks,
        gone.size(),
        !toEmbed.isEmpty() || !gone.isEmpty());
  }

  private Outcome rebuild(
      String alias,
      IndexMapping mapping,
      Read read,
      StructureChunker chunker,
      SyncProgress progress)
      throws IOException {
    if (!read.keptSources().isEmpty()) {
      throw new IllegalStateException(
          "full rebuild of "
              + alias
              + " refused: sources "
              + read.keptSources()
              + " cannot be read and their documents would be lost");
    }
    Optional<String> current = lifecycle.currentPhysical(alias);
    Map<String, String> before =
        current.isPresent() ? indexer.indexedHashes(current.get()) : Map.of();
    String physical = lifecycle.createPhysical(alias, lifecycle.nextGeneration(alias), mapping);
    int embeddedChunks;
    try {
      embeddedChunks =
          embedAndIndex(physical, List.copyOf(read.documents().values()), chunker, progress);
      indexer.refresh(physical);
      if (!options.stageRebuilds()) {
        lifecycle.flipAlias(alias, physical);
      }
    } catch (IOException | RuntimeException e) {
      try {
        client.indices().delete(d -> d.index(physical));
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    Map<String, String> after = new LinkedHashMap<>();
    read.documents().values().forEach(d -> after.put(d.key(), d.fingerprint()));
    int deleted = (int) before.keySet().stream().filter(k -> !after.containsKey(k)).count();
    return new Outcome(
        physical, read.documents().size(), embeddedChunks, deleted, !before.equals(after));
  }

  /** Chunks, screens, embeds and indexes {@code documents}, without refresh. */
  private int embedAndIndex(
      String physical, List<Prepared> documents, StructureChunker chunker, SyncProgress progress)
      throws IOException {
    List<Pending> pending = new ArrayList<>();
    int total = 0;
    int done = 0;
    progress.documentsEmbedded(0, documents.size());
    for (Prepared doc : documents) {
      for (Chunk chunk : chunker.chunk(doc.document(), doc.labels().labels())) {
        List<String> flags =
            screener.screen(chunk.embeddingText()).suspected()
                ? List.of(ChunkFields.FLAG_INJECTION_SUSPECTED)
                : List.of();
        pending.add(new Pending(doc, chunk, flags));
      }
      done++;
      if (pending.size() >= FLUSH_CHUNKS) {
        total += flush(physical, pending);
        progress.documentsEmbedded(done, documents.size());
      }
    }
    total += flush(physical, pending);
    progress.documentsEmbedded(documents.size(), documents.size());
    return total;
  }

  private int flush(String physical, List<Pending> pending) throws IOException {
    if (pending.isEmpty()) {
      return 0;
    }
    List<float[]> vectors =
        embedder.embedAll(pending.stream().map(p -> p.chunk().embeddingText()).toList());
    List<IndexedChunk> chunks = new ArrayList<>(pending.size());
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      Chunk chunk = p.chunk();
      SourceDocument doc = p.doc().document();
      chunks.add(
          new IndexedChunk(
              IndexedChunk.chunkId(p.doc().key(), chunk.position()),
              p.doc().key(),
              chunk.source(),
              chunk.title(),
              chunk.text(),
              chunk.headingPath().isEmpty() ? null : String.join(" > ", chunk.headingPath()),
              chunk.uri(),
              chunk.position(),
              chunk.labels(),
              p.flags(),
              p.doc().fingerprint(),
              doc.updated(),
              vectors.get(i)));
    }
    int n = indexer.index(physical, chunks, Refresh.False);
    pending.clear();
    return n;
  }

  private Read read(RetrievalIndexSpec spec, ChunkingSettings chunking, SyncProgress progress) {
    LabelMapper labels = new LabelMapper(spec.getLabelMapping());
    Map<String, Prepared> documents = new LinkedHashMap<>();
    List<SkippedDocument> skipped = new ArrayList<>();
    List<SkippedSource> skippedSources = new ArrayList<>();
    Set<String> kept = new TreeSet<>();
    List<SourceSpec> sources = spec.getSources() == null ? List.of() : spec.getSources();
    for (SourceSpec source : sources) {
      String sourceName = source.getName();
      ConnectorResult result;
      try {
        result = connectors.connector(source).read();
      } catch (SourceUnavailableException e) {
        skippedSources.add(new SkippedSource(sourceName, e.getMessage()));
        kept.add(sourceName);
        progress.sourceUnavailable(sourceName, e.getMessage());
        continue;
      }
      progress.sourceRead(sourceName, result.documents().size(), result.skipped().size());
      skipped.addAll(result.skipped());
      boolean aclLabels =
          source.getType() == SourceType.Cmis
              && source.getCmis() != null
              && !Boolean.FALSE.equals(source.getCmis().getMapAcls());
      for (SourceDocument document : result.documents()) {
        LabelAssignment assignment = labels.assign(document, aclLabels);
        String key = documentKey(sourceName, document.id());
        documents.put(
            key,
            new Prepared(key, document, assignment, fingerprint(document, assignment, chunking)));
      }
    }
    return new Read(documents, skipped, skippedSources, kept);
  }

  private String fingerprint(
      SourceDocument document, LabelAssignment labels, ChunkingSettings chunking) {
    String recipe =
        String.join(
            "\n",
            FINGERPRINT_VERSION,
            document.contentHash(),
            document.title(),
            String.valueOf(document.uri()),
            String.join(",", labels.labels()),
            chunking.toString(),
            embedder.name() + "/" + embedder.dimension(),
            String.valueOf(screener.threshold()));
    return TextNormalizer.sha256(recipe);
  }

  private static String sourceOf(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(0, colon);
  }

  /** A document ready to chunk: its key, labels and fingerprint. */
  private record Prepared(
      String key, SourceDocument document, LabelAssignment labels, String fingerprint) {}

  /** A chunk waiting for its vector. */
  private record Pending(Prepared doc, Chunk chunk, List<String> flags) {}

  /** What the sources gave. */
  private record Read(
      Map<String, Prepared> documents,
      List<SkippedDocument> skipped,
      List<SkippedSource> skippedSources,
      Set<String> keptSources) {}

  private record Outcome(
      String physical, int embedded, int embeddedChunks, int deleted, boolean contentChanged) {}
}
