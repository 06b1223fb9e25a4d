package io.hubia.runtime.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.agent.AskRetrievalSettings;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.runtime.testing.LocalModeProcess;
import io.hubia.search.OpenSearchClients;
import io.hubia.search.retrieve.HybridRetriever;
import io.hubia.search.retrieve.RetrievalRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Latency and throughput of {@code /ask} in local mode with the extractive answerer, at 1, 4 and 16
 * concurrent clients, with the time split per step (from the runtime's own step timers), next to
 * the latency of retrieval alone (the same hybrid query on the same node, from this JVM), measured
 * in the same run: the baseline the total is compared to.
 *
 * <p>Starts {@code ./hubia local examples/federation} as a process, asks the example's questions in
 * a loop (a Lyon branch member's token). Run with {@code ./mvnw -B -Pbench verify -pl runtime -am};
 * results on stdout and in {@code target/bench/ask-latency.json}.
 */
class AskLatencyBenchmark {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int REQUESTS_PER_LEVEL = 120;
  static final List<String> QUESTIONS =
      List.of(
          "Combien de jours de congés payés un salarié acquiert-il par mois ?",
          "Quelle est la durée maximale de la période d'essai d'un cadre en CDI ?",
          "Combien de jours a-t-on pour se rétracter après la signature d'une rupture conventionnelle ?",
          "Quelle est la majoration des huit premières heures supplémentaires ?",
          "Quelle est la cotisation annuelle d'une entreprise de moins de 11 salariés ?",
          "Quand a lieu l'assemblée de l'antenne de Lyon ?",
          "Combien d'euros par an sont crédités sur le CPF d'un salarié ?",
          "Quel est le montant de l'aide à l'embauche d'un apprenti ?");

  /**
   * A copy of the example whose PolicySets have no requests-per-minute limits: the benchmark
   * measures the answering path at 16 clients, which the example's limits (30 per minute per
   * caller, 600 per workflow) would turn into 429s.
   */
  static Path withoutRateLimits(Path example) throws java.io.IOException {
    Path copy = Files.createTempDirectory("hubia-ask-latency");
    try (var files = Files.walk(example)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = copy.resolve(example.relativize(file).toString());
        Files.createDirectories(target.getParent());
        if (file.getFileName().toString().endsWith(".yaml")) {
          Files.writeString(
              target,
              Files.readString(file).replaceAll("(?m)^\\s*requestsPerMinutePer\\w+: \\d+\\n", ""));
        } else {
          Files.copy(file, target);
        }
      }
    }
    return copy;
  }

  @Test
  void askLatency() throws Exception {
    Path out = Path.of(System.getProperty("bench.outputDir", "target/bench"));
    Files.createDirectories(out);
    try (LocalModeProcess local =
        LocalModeProcess.start(
            withoutRateLimits(LocalModeProcess.ROOT.resolve("examples/federation")).toString(),
            out.resolve("ask-latency-local-mode.log"),
            Duration.ofSeconds(300))) {
      HttpClient http = local.http();
      String base = local.baseUrl();
      String token = token(local);
      Map<String, Object> results = new LinkedHashMap<>();
      List<Long> retrieval = retrievalOnly(local.openSearchUrl());
      results.put("retrievalOnlyMs", stats(retrieval));
      for (int clients : List.of(1, 4, 16)) {
        Map<String, Double> stepsBefore = steps(http, base);
        long start = System.nanoTime();
        List<Long> latencies = run(local, token, clients);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> stepsAfter = steps(http, base);
        Map<String, Object> level = new LinkedHashMap<>(stats(latencies));
        level.put("throughputPerSecond", round(latencies.size() / seconds));
        Map<String, Double> perStep = new LinkedHashMap<>();
        for (String key : stepsAfter.keySet()) {
          if (key.endsWith("/sum")) {
            String step = key.substring(0, key.length() - 4);
            double sum = stepsAfter.get(key) - stepsBefore.getOrDefault(key, 0.0);
            double count =
                stepsAfter.getOrDefault(step + "/count", 0.0)
                    - stepsBefore.getOrDefault(step + "/count", 0.0);
            if (count > 0) {
              perStep.put(step, round(sum / count * 1000));
            }
          }
        }
        level.put("meanStepMs", perStep);
        level.put(
            "p50RatioToRetrievalOnly",
            round((double) level.get("p50") / (double) stats(retrieval).get("p50")));
        results.put(clients + " clients", level);
      }
      String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results);
      Files.writeString(out.resolve("ask-latency.json"), json);
      System.out.println("ask latency (local mode, extractive answerer):\n" + json);
    }
  }

  private static List<Long> run(LocalModeProcess local, String token, int clients)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < REQUESTS_PER_LEVEL; i++) {
      String question = QUESTIONS.get(i % QUESTIONS.size());
      futures.add(
          pool.submit(
              () -> {
                long t = System.nanoTime();
                HttpResponse<String> r = local.ask("assistant-federation", token, question);
                if (r.statusCode() != 200) {
                  throw new IllegalStateException(r.statusCode() + " " + r.body());
                }
                latencies.add((System.nanoTime() - t) / 1_000_000);
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return latencies;
  }

  /** The same hybrid query as /ask (BM25 + k-NN, weighted 0.7/0.3, top 5) straight to the node. */
  private static List<Long> retrievalOnly(URI openSearch) throws Exception {
    OpenSearchClient client = OpenSearchClients.create(openSearch);
    InProcessEmbedder embedder = new InProcessEmbedder();
    HybridRetriever retriever = new HybridRetriever(client);
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < REQUESTS_PER_LEVEL; i++) {
      String q = QUESTIONS.get(i % QUESTIONS.size());
      long t = System.nanoTime();
      float[] v = embedder.embedAll(List.of(q)).get(0);
      retriever.retrieve(
          new RetrievalRequest(
              List.of("hubia.local.documents-federation"),
              q,
              v,
              Set.of("public", "adherents", "interne", "antenne:lyon"),
              Set.of(),
              5,
              Language.FR,
              AskRetrievalSettings.FUSION));
      latencies.add((System.nanoTime() - t) / 1_000_000);
    }
    client._transport().close();
    return latencies.subList(10, latencies.size()); // warm-up left out
  }

  /** Sum and count of each step timer, from /q/metrics. */
  private static Map<String, Double> steps(HttpClient http, String base) throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> values = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile(
                "^hubia_ask_step_seconds_(sum|count)\\{[^}]*step=\"([a-z]+)\"[^}]*} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(text);
    while (m.find()) {
      values.merge(m.group(2) + "/" + m.group(1), Double.parseDouble(m.group(3)), Double::sum);
    }
    return values;
  }

  private static Map<String, Object> stats(List<Long> values) {
    Percentiles p = Percentiles.of(values);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("n", (double) p.size());
    s.put("p50", (double) p.at(0.50));
    s.put("p95", (double) p.at(0.95));
    s.put("p99", (double) p.at(0.99));
    return s;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String token(LocalModeProcess local) throws Exception {
    return local.token(
        "{\"subject\":\"bench\",\"claims\":{\"realm_access\":{\"roles\":[\"collaborateur\"]},\"antenne\":\"lyon\"}}");
  }
}
