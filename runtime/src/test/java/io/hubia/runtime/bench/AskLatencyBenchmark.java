package io.hubia.runtime.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.search.OpenSearchClients;
import io.hubia.search.retrieve.FusionMode;
import io.hubia.search.retrieve.FusionSettings;
import io.hubia.search.retrieve.HybridRetriever;
import io.hubia.search.retrieve.RetrievalRequest;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
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
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
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

  @Test
  void askLatency() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String base = "http://localhost:" + port;
    Path out = Path.of(System.getProperty("bench.outputDir", "target/bench"));
    Files.createDirectories(out);
    Path log = out.resolve("ask-latency-local-mode.log");
    Process process =
        new ProcessBuilder(
                "./hubia", "local", "examples/federation", "--port", String.valueOf(port))
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      waitReady(http, base, process, log);
      String token = token(http, base);
      Map<String, Object> results = new LinkedHashMap<>();
      List<Long> retrieval = retrievalOnly(log);
      results.put("retrievalOnlyMs", stats(retrieval));
      for (int clients : List.of(1, 4, 16)) {
        Map<String, Double> stepsBefore = steps(http, base);
        long start = System.nanoTime();
        List<Long> latencies = run(http, base, token, clients);
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
    } finally {
      process.destroy();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private static List<Long> run(HttpClient http, String base, String token, int clients)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < REQUESTS_PER_LEVEL; i++) {
      String question = QUESTIONS.get(i % QUESTIONS.size());
      futures.add(
          pool.submit(
              () -> {
                ObjectNode body = JSON.createObjectNode().put("question", question);
                long t = System.nanoTime();
                HttpResponse<String> r =
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create(base + "/v1/agents/assistant-federation/ask"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
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
  private static List<Long> retrievalOnly(Path log) throws Exception {
    Matcher m =
        Pattern.compile("OpenSearch \\(embedded, k-NN\\) ready at (\\S+)")
            .matcher(Files.readString(log));
    if (!m.find()) {
      throw new IllegalStateException("no OpenSearch URL in the local mode log");
    }
    OpenSearchClient client = OpenSearchClients.create(URI.create(m.group(1)));
    InProcessEmbedder embedder = new InProcessEmbedder();
    HybridRetriever retriever = new HybridRetriever(client);
    FusionSettings fusion = new FusionSettings(FusionMode.WEIGHTED, 60, 0.7, 0.3, 50);
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
              fusion));
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
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("n", (double) sorted.size());
    s.put("p50", (double) sorted.get(sorted.size() / 2));
    s.put("p95", (double) sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1));
    s.put("p99", (double) sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1));
    return s;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void waitReady(HttpClient http, String base, Process process, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("local mode exited:\n" + Files.readString(log));
      }
      try {
        if (http.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200
            && Files.readString(log).contains("Hubia is ready")) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("local mode not ready in 300 s");
  }

  private static String token(HttpClient http, String base) throws Exception {
    String body =
        "{\"subject\":\"bench\",\"claims\":{\"realm_access\":{\"roles\":[\"collaborateur\"]},\"antenne\":\"lyon\"}}";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/dev/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("token").asText();
  }
}
