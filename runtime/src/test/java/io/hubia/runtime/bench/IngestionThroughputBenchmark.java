package io.hubia.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hubia.api.v1alpha1.spec.FilesSource;
import io.hubia.api.v1alpha1.spec.LabelMappingSpec;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.api.v1alpha1.spec.SourceType;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.runtime.ingest.pipeline.IngestionPipeline;
import io.hubia.runtime.ingest.pipeline.SyncMode;
import io.hubia.runtime.ingest.pipeline.SyncReport;
import io.hubia.search.EmbeddedOpenSearch;
import io.hubia.search.OpenSearchClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Ingestion throughput of the real {@link IngestionPipeline} on the PIAF v1.0 paragraphs (French
 * Wikipedia, MIT, DINUM/Etalab; origin etalab-ia/piaf-code @
 * 86948a73b26498948e70ad92e4b9b0231eac81f7, {@code piaf-v1.0.json}), written as one Markdown file
 * per paragraph (front matter title = article title), with the in-process all-MiniLM-L6-v2 on the
 * embedded OpenSearch node.
 *
 * <p>Not a test: runs only with {@code ./mvnw -B -Pbench verify -pl runtime -am}. Measures a full
 * first sync (documents/s, chunks/s), a no-change incremental sync (time), and, in the same JVM,
 * the raw embedding throughput of the same model on the very chunk texts the pipeline embedded
 * (recorded on their way to the embedder), called directly through {@link Embedder#embedAll}. The
 * ratio pipeline chunks/s ÷ raw embedding chunks/s says how close the pipeline runs to the model's
 * limit. The model is loaded and warmed up before either measurement.
 *
 * <p>System properties: {@code hubia.piaf} (the PIAF JSON; default {@code
 * datasets/piaf-v1-fr/piaf-v1.0.json} from the project root), {@code bench.outputDir} (default
 * target/bench). Results: a table on stdout and {@code ingestion-throughput.json}.
 */
class IngestionThroughputBenchmark {

  private static final String DEFAULT_PIAF = "datasets/piaf-v1-fr/piaf-v1.0.json";
  private static final String NAMESPACE = "bench";
  private static final String NAME = "piaf";
  private static final String SOURCE = "piaf";
  private static final int WARMUP_TEXTS = 64;

  @TempDir static Path folder;

  @Test
  void measuresIngestionThroughputOnPiaf() throws Exception {
    long runStart = System.nanoTime();
    Path piaf = piafFile();
    int paragraphs = writeParagraphs(piaf, folder);
    System.out.printf(
        Locale.ROOT, "PIAF %s: %d paragraphs written as .md to %s%n", piaf, paragraphs, folder);

    // Load and warm up the shared model once, outside of every measurement.
    InProcessEmbedder raw = new InProcessEmbedder();
    long loadStart = System.nanoTime();
    List<String> warmup = new ArrayList<>();
    for (int i = 0; i < WARMUP_TEXTS; i++) {
      warmup.add("échauffement du modèle, phrase numéro " + i);
    }
    raw.embedAll(warmup);
    double loadSeconds = seconds(loadStart);

    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("name", "PIAF v1.0 (fr)");
    dataset.put("file", piaf.toString());
    dataset.put(
        "origin",
        "etalab-ia/piaf-code @ 86948a73b26498948e70ad92e4b9b0231eac81f7, piaf-v1.0.json; MIT"
            + " (DINUM/Etalab)");
    dataset.put("paragraphs", paragraphs);
    dataset.put("documents", "one .md file per paragraph, front matter title = article title");
    report.put("dataset", dataset);

    try (EmbeddedOpenSearch node = EmbeddedOpenSearch.start()) {
      OpenSearchClient client = OpenSearchClients.create(node.url());
      RecordingEmbedder embedder = new RecordingEmbedder(new InProcessEmbedder());
      IngestionPipeline pipeline =
          new IngestionPipeline(
              client,
              embedder,
              source -> folder,
              IngestionPipeline.Options.defaults().withReplicas(0));
      RetrievalIndexSpec spec = spec();

      SyncReport full = pipeline.sync(NAMESPACE, NAME, spec, SyncMode.FULL_REBUILD);
      System.out.println(full);
      assertThat(full.documents()).isEqualTo(paragraphs);
      assertThat(full.embedded()).isEqualTo(paragraphs);
      assertThat(full.skipped()).isEmpty();
      assertThat(full.chunks()).isEqualTo(full.embeddedChunks());
      assertThat(embedder.texts).hasSize(full.embeddedChunks());
      double fullSeconds = full.duration().toNanos() / 1e9;
      double embedInPipelineSeconds = embedder.nanos.get() / 1e9;

      SyncReport noChange = pipeline.sync(NAMESPACE, NAME, spec, SyncMode.INCREMENTAL);
      System.out.println(noChange);
      assertThat(noChange.embedded()).isZero();
      assertThat(noChange.unchanged()).isEqualTo(paragraphs);
      assertThat(noChange.contentChanged()).isFalse();
      double noChangeSeconds = noChange.duration().toNanos() / 1e9;

      // Raw model throughput on the same chunk texts, same batch size, directly.
      List<String> texts = List.copyOf(embedder.texts);
      long rawStart = System.nanoTime();
      List<float[]> vectors = raw.embedAll(texts);
      double rawSeconds = seconds(rawStart);
      assertThat(vectors).hasSize(texts.size());

      int chunks = full.embeddedChunks();
      double docsPerSecond = paragraphs / fullSeconds;
      double pipelineChunksPerSecond = chunks / fullSeconds;
      double rawChunksPerSecond = chunks / rawSeconds;
      double ratio = pipelineChunksPerSecond / rawChunksPerSecond;

      Map<String, Object> env = new LinkedHashMap<>();
      env.put("model", InProcessEmbedder.MODEL_NAME + " (in-process, langchain4j ONNX)");
      env.put("dimension", raw.dimension());
      env.put("windowWordPieces", raw.window());
      env.put("cores", Runtime.getRuntime().availableProcessors());
      env.put("modelLoadAndWarmupSeconds", round(loadSeconds, 2));
      env.put("nodeStartSeconds", round(node.startupTime().toMillis() / 1000.0, 1));
      env.put("replicas", 0);
      report.put("environment", env);

      Map<String, Object> fullSync = new LinkedHashMap<>();
      fullSync.put("mode", full.mode().name());
      fullSync.put("documents", full.documents());
      fullSync.put("chunks", chunks);
      fullSync.put("chunksPerDocument", round((double) chunks / paragraphs, 2));
      fullSync.put("seconds", round(fullSeconds, 2));
      fullSync.put("documentsPerSecond", round(docsPerSecond, 1));
      fullSync.put("chunksPerSecond", round(pipelineChunksPerSecond, 1));
      fullSync.put("embedderSecondsInside", round(embedInPipelineSeconds, 2));
      fullSync.put("embedderShareOfSync", round(embedInPipelineSeconds / fullSeconds, 3));
      report.put("fullSync", fullSync);

      Map<String, Object> incremental = new LinkedHashMap<>();
      incremental.put("mode", noChange.mode().name());
      incremental.put("documents", noChange.documents());
      incremental.put("embedded", noChange.embedded());
      incremental.put("unchanged", noChange.unchanged());
      incremental.put("seconds", round(noChangeSeconds, 3));
      report.put("noChangeIncrementalSync", incremental);

      Map<String, Object> rawEmbedding = new LinkedHashMap<>();
      rawEmbedding.put("chunks", texts.size());
      rawEmbedding.put("seconds", round(rawSeconds, 2));
      rawEmbedding.put("chunksPerSecond", round(rawChunksPerSecond, 1));
      rawEmbedding.put(
          "note", "Embedder.embedAll on the chunk texts the pipeline embedded, after the sync");
      report.put("rawEmbedding", rawEmbedding);
      report.put("pipelineOverRawEmbeddingChunksPerSecond", round(ratio, 3));
      report.put("totalSeconds", round(seconds(runStart), 1));

      String table =
          String.join(
              System.lineSeparator(),
              "",
              "Ingestion throughput, PIAF v1.0, " + InProcessEmbedder.MODEL_NAME,
              String.format(
                  Locale.ROOT,
                  "%-32s %10s %10s %12s %12s",
                  "",
                  "docs",
                  "chunks",
                  "seconds",
                  "chunks/s"),
              String.format(
                  Locale.ROOT,
                  "%-32s %10d %10d %12.2f %12.1f",
                  "full first sync (pipeline)",
                  paragraphs,
                  chunks,
                  fullSeconds,
                  pipelineChunksPerSecond),
              String.format(
                  Locale.ROOT,
                  "%-32s %10d %10d %12.3f %12s",
                  "no-change incremental sync",
                  noChange.documents(),
                  0,
                  noChangeSeconds,
                  "-"),
              String.format(
                  Locale.ROOT,
                  "%-32s %10s %10d %12.2f %12.1f",
                  "raw embedding (Embedder)",
                  "-",
                  texts.size(),
                  rawSeconds,
                  rawChunksPerSecond),
              String.format(
                  Locale.ROOT,
                  "full sync: %.1f documents/s; embedder time inside the sync %.2f s (%.0f%%)",
                  docsPerSecond,
                  embedInPipelineSeconds,
                  100 * embedInPipelineSeconds / fullSeconds),
              String.format(
                  Locale.ROOT, "pipeline chunks/s ÷ raw embedding chunks/s = %.3f", ratio),
              "");
      System.out.println(table);
      Path out = outputDir();
      Files.createDirectories(out);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(out.resolve("ingestion-throughput.json").toFile(), report);
      Files.writeString(out.resolve("ingestion-throughput.txt"), table);
      System.out.println("Written: " + out.resolve("ingestion-throughput.json"));
      client._transport().close();
    }
  }

  private static RetrievalIndexSpec spec() {
    SourceSpec files = new SourceSpec();
    files.setName(SOURCE);
    files.setType(SourceType.Files);
    files.setFiles(new FilesSource());
    LabelMappingSpec labels = new LabelMappingSpec();
    labels.setDefaultLabels(List.of("public"));
    RetrievalIndexSpec spec = new RetrievalIndexSpec();
    spec.setSources(List.of(files));
    spec.setLabelMapping(labels);
    return spec;
  }

  /** One .md file per PIAF paragraph: {@code <article index>/<paragraph index>.md}. */
  private static int writeParagraphs(Path piaf, Path target) throws IOException {
    JsonNode root = new ObjectMapper().readTree(piaf.toFile());
    int count = 0;
    int articleIndex = 0;
    for (JsonNode article : root.path("data")) {
      String title = article.path("title").asText();
      Path dir = target.resolve(String.format(Locale.ROOT, "a%04d", articleIndex++));
      Files.createDirectories(dir);
      int index = 0;
      for (JsonNode paragraph : article.path("paragraphs")) {
        String body = paragraph.path("context").asText();
        String md = "---\ntitle: " + yamlString(title) + "\n---\n\n" + body + "\n";
        Files.writeString(
            dir.resolve(String.format(Locale.ROOT, "p%03d.md", index++)),
            md,
            StandardCharsets.UTF_8);
        count++;
      }
    }
    if (count == 0) {
      throw new IllegalStateException(piaf + " holds no SQuAD paragraphs");
    }
    return count;
  }

  /** A YAML double-quoted scalar. */
  private static String yamlString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The PIAF file: {@code hubia.piaf}, else the default path from the project root. */
  private static Path piafFile() {
    String configured = System.getProperty("hubia.piaf");
    Path file =
        configured != null && !configured.isBlank()
            ? Path.of(configured).toAbsolutePath().normalize()
            : projectRoot().resolve(DEFAULT_PIAF).normalize();
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "PIAF v1.0 JSON not found at "
              + file
              + ": set -Dhubia.piaf=/path/to/piaf-v1.0.json; the file is piaf-v1.0.json of"
              + " etalab-ia/piaf-code (MIT)");
    }
    return file;
  }

  /** The first folder upwards from the working directory that holds the Maven wrapper. */
  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("runtime"))) {
        return d;
      }
    }
    return dir;
  }

  private static Path outputDir() {
    String dir = System.getProperty("bench.outputDir");
    return dir == null || dir.isBlank() ? Path.of("target", "bench") : Path.of(dir);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  /** The real embedder, recording the texts it embeds and the time it spends. */
  private static final class RecordingEmbedder implements Embedder {
    final Embedder delegate;
    final List<String> texts = new ArrayList<>();
    final AtomicLong nanos = new AtomicLong();

    RecordingEmbedder(Embedder delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public int dimension() {
      return delegate.dimension();
    }

    @Override
    public int window() {
      return delegate.window();
    }

    @Override
    public synchronized List<float[]> embedAll(List<String> list) {
      texts.addAll(list);
      long t0 = System.nanoTime();
      try {
        return delegate.embedAll(list);
      } finally {
        nanos.addAndGet(System.nanoTime() - t0);
      }
    }
  }
}
