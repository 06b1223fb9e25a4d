package io.hubia.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hubia.eval.GoldenCase;
import io.hubia.eval.GoldenSetReader;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.HtmlReportWriter;
import io.hubia.eval.report.JUnitReportWriter;
import io.hubia.eval.report.JsonReportWriter;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.run.CaseScorer;
import io.hubia.eval.run.EvalCommand;
import io.hubia.eval.run.Reply;
import io.hubia.eval.run.RunMetrics;
import io.hubia.runtime.testing.LocalModeProcess;
import io.hubia.runtime.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Evaluation throughput: golden cases per minute that the evaluation harness ({@link EvalCommand},
 * what a user runs) gets through against local mode on {@code examples/federation}, with the golden
 * sets and thresholds of {@code eval/golden/} (both workflows, {@code --repeats 1} and {@code
 * --repeats 3}), next to the limit, the same questions asked by a bare HTTP loop in this JVM (one
 * development token per caller from {@code /v1/dev/token}, {@code POST ask}, the body read, nothing
 * scored or written): the cost of the runtime alone. The ratio harness / baseline is what the
 * harness adds: reading the golden sets and thresholds, its own HTTP client, parsing and scoring
 * every reply, aggregating the metrics and writing {@code report.json}, {@code report.xml} and
 * {@code report.html}.
 *
 * <p>Local mode runs on a copy of the example without its requests-per-minute limits ({@link
 * AskLatencyBenchmark#withoutRateLimits}): with them, {@code assistant-site}'s single caller is
 * held to 10 questions a minute and both sides would measure the limit. The four sides (baseline
 * and harness, 1 and 3 repeats) run {@code bench.evalRounds} (10) rounds in a rotated order after
 * {@code bench.evalWarmup} (3) unreported warm-up passes of each, and the ratio is also taken
 * within each round (the load of a shared machine drifts between rounds). The scores of the runs
 * (every metric of both reports, with its threshold and verdict) are reported with the figures, and
 * so are the harness's own steps timed alone in this JVM: reading and scoring a reply, writing the
 * three reports. Run with {@code ./mvnw -B -Pbench verify -pl runtime -am}; results on stdout and
 * in {@code target/bench/evaluation-throughput.json}.
 */
class EvaluationThroughputBenchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path GOLDEN = LocalModeProcess.ROOT.resolve("eval/golden");
  static final List<String> WORKFLOWS = List.of("assistant-federation", "assistant-site");
  static final int ROUNDS = Integer.getInteger("bench.evalRounds", 10);
  static final int WARMUP_PASSES = Integer.getInteger("bench.evalWarmup", 3);
  static final int REPORT_WRITES = 20;

  /**
   * One way of running the suites.
   *
   * @param name how the report names it
   * @param harness through {@link EvalCommand}, else the bare HTTP loop
   * @param repeats how many times each case is asked
   */
  record Side(String name, boolean harness, int repeats) {}

  static final List<Side> SIDES =
      List.of(
          new Side("baseline, repeats 1", false, 1),
          new Side("harness, repeats 1", true, 1),
          new Side("baseline, repeats 3", false, 3),
          new Side("harness, repeats 3", true, 3));

  /**
   * One pass of a side over both workflows.
   *
   * @param cases golden cases run (each asked {@code repeats} times)
   * @param questions questions asked
   * @param nanos wall time of the pass
   * @param statuses HTTP statuses of the baseline's replies (empty for the harness)
   * @param reports the harness's reports by workflow (empty for the baseline)
   * @param exits the harness's exit codes by workflow
   */
  record Pass(
      int cases,
      int questions,
      long nanos,
      Map<Integer, Integer> statuses,
      Map<String, EvaluationReport> reports,
      Map<String, Integer> exits) {
    double casesPerMinute() {
      return cases / (nanos / 6e10);
    }

    double msPerQuestion() {
      return nanos / 1e6 / questions;
    }
  }

  @Test
  void evaluationThroughput() throws Exception {
    long runStart = System.nanoTime();
    Path out = Path.of(System.getProperty("bench.outputDir", "target/bench"));
    Path reports = out.resolve("evaluation-throughput");
    Files.createDirectories(out);
    TestFiles.deleteQuietly(reports);
    Map<String, List<GoldenCase>> golden = new LinkedHashMap<>();
    for (String workflow : WORKFLOWS) {
      golden.put(workflow, GoldenSetReader.read(GOLDEN.resolve(workflow + ".yaml")));
    }
    Path example =
        AskLatencyBenchmark.withoutRateLimits(LocalModeProcess.ROOT.resolve("examples/federation"));
    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, String> replies = new HashMap<>();
    try (LocalModeProcess local =
        LocalModeProcess.start(
            example.toString(),
            out.resolve("evaluation-throughput-local-mode.log"),
            Duration.ofSeconds(300))) {
      // warm-up: the runtime's and this JVM's code paths (HTTP, scoring, report writers)
      for (int i = 0; i < WARMUP_PASSES; i++) {
        pass(new Side("warm-up", false, 1), local, golden, reports, replies);
        pass(new Side("warm-up", true, 1), local, golden, reports, replies);
      }

      Map<Side, List<Pass>> passes = new LinkedHashMap<>();
      SIDES.forEach(s -> passes.put(s, new ArrayList<>()));
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < SIDES.size(); i++) {
          Side side = SIDES.get((i + round) % SIDES.size());
          passes.get(side).add(pass(side, local, golden, reports, replies));
        }
      }
      report.put("setup", setup(golden));
      report.put("throughput", figures(passes));
      report.put("scores", scores(passes));
      report.put("scoringAlone", scoringAlone(golden, replies));
      report.put(
          "reportWritingMs",
          reportWriting(passes.get(SIDES.get(3)).get(ROUNDS - 1).reports(), reports));
    } finally {
      TestFiles.deleteQuietly(example);
    }
    report.put("totalSeconds", round((System.nanoTime() - runStart) / 1e9, 1));
    String json = JSON.writeValueAsString(report);
    String table = table(report);
    Files.writeString(out.resolve("evaluation-throughput.json"), json);
    Files.writeString(out.resolve("evaluation-throughput.txt"), table);
    System.out.println(table);
    System.out.println("evaluation throughput:\n" + json);
  }

  /** One pass of {@code side}: both workflows, one after the other, as a user runs them. */
  private static Pass pass(
      Side side,
      LocalModeProcess local,
      Map<String, List<GoldenCase>> golden,
      Path reports,
      Map<String, String> replies)
      throws Exception {
    int cases = golden.values().stream().mapToInt(List::size).sum();
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, Integer> exits = new LinkedHashMap<>();
    long start = System.nanoTime();
    for (String workflow : WORKFLOWS) {
      if (side.harness()) {
        exits.put(workflow, harness(local, workflow, side.repeats(), dir(reports, side, workflow)));
      } else {
        baseline(local, workflow, golden.get(workflow), side.repeats(), statuses, replies);
      }
    }
    long nanos = System.nanoTime() - start;
    Map<String, EvaluationReport> read = new LinkedHashMap<>();
    if (side.harness()) {
      for (String workflow : WORKFLOWS) {
        assertThat(exits.get(workflow))
            .as(workflow + ": the evaluation could not run")
            .isNotEqualTo(EvalCommand.USAGE);
        read.put(
            workflow,
            JsonReportWriter.read(
                Files.readString(
                    dir(reports, side, workflow).resolve("report.json"), StandardCharsets.UTF_8)));
      }
    } else {
      // without the example's limits no question may be refused for its rate
      assertThat(statuses).as("statuses of the baseline's replies").doesNotContainKey(429);
    }
    return new Pass(cases, cases * side.repeats(), nanos, statuses, read, exits);
  }

  private static Path dir(Path reports, Side side, String workflow) {
    return reports.resolve(workflow + "-repeats-" + side.repeats());
  }

  /** The evaluation command as {@code ExampleEvaluationIT} runs it, with {@code --repeats}. */
  private static int harness(LocalModeProcess local, String workflow, int repeats, Path out)
      throws InterruptedException {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    return EvalCommand.run(
        new String[] {
          "--runtime",
          local.baseUrl(),
          "--workflow",
          workflow,
          "--golden",
          GOLDEN.resolve(workflow + ".yaml").toString(),
          "--thresholds",
          GOLDEN.resolve("thresholds.yaml").toString(),
          "--repeats",
          String.valueOf(repeats),
          "--dev-tokens",
          "--out",
          out.toString()
        },
        new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8),
        Map.of());
  }

  /**
   * The runtime alone: the same questions in the same order (every case, then every case again), a
   * development token per caller asked once per workflow as the harness does, each body read.
   */
  private static void baseline(
      LocalModeProcess local,
      String workflow,
      List<GoldenCase> cases,
      int repeats,
      Map<Integer, Integer> statuses,
      Map<String, String> replies)
      throws IOException, InterruptedException {
    Map<GoldenCase.Caller, String> tokens = new HashMap<>();
    for (int repeat = 0; repeat < repeats; repeat++) {
      for (GoldenCase c : cases) {
        String token = tokens.get(c.caller());
        if (token == null) {
          Map<String, Object> request = new LinkedHashMap<>();
          request.put("subject", c.caller().subject());
          request.put("claims", c.caller().claims());
          token = local.token(JSON.writeValueAsString(request));
          tokens.put(c.caller(), token);
        }
        HttpResponse<String> reply = local.ask(workflow, token, c.question());
        assertThat(reply.body()).isNotNull();
        statuses.merge(reply.statusCode(), 1, Integer::sum);
        if (reply.statusCode() == 200) {
          replies.put(workflow + "/" + c.id(), reply.body());
        }
      }
    }
  }

  private static Map<String, Object> setup(Map<String, List<GoldenCase>> golden) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "runtime",
        "./hubia local on a copy of examples/federation without its requests-per-minute limits,"
            + " extractive answerer, audit trail in its embedded PostgreSQL");
    Map<String, Object> suites = new LinkedHashMap<>();
    golden.forEach((workflow, cases) -> suites.put(workflow, cases.size()));
    m.put("goldenCases", suites);
    m.put("thresholds", "eval/golden/thresholds.yaml");
    m.put(
        "baseline",
        "bare HTTP loop in the benchmark's JVM: a dev token per caller and workflow, POST ask, body"
            + " read; golden sets parsed once, before");
    m.put(
        "harness",
        "EvalCommand.run per workflow (--dev-tokens, --thresholds, --repeats N): golden sets and"
            + " thresholds read, questions asked one at a time, replies scored, metrics aggregated,"
            + " report.json, report.xml and report.html written");
    m.put("rounds", ROUNDS);
    m.put(
        "order",
        "sides rotated each round, after "
            + WARMUP_PASSES
            + " unreported warm-up passes of baseline and harness (repeats 1)");
    m.put("cores", Runtime.getRuntime().availableProcessors());
    return m;
  }

  /** Cases per minute of each side and the harness's ratio to the baseline of its repeats. */
  private static Map<String, Object> figures(Map<Side, List<Pass>> passes) {
    Map<String, Object> figures = new LinkedHashMap<>();
    for (Side side : SIDES) {
      List<Pass> p = passes.get(side);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("repeats", side.repeats());
      f.put("casesPerPass", p.get(0).cases());
      f.put("questionsPerPass", p.get(0).questions());
      f.put("casesPerMinute", round(pooledCasesPerMinute(p), 1));
      f.put("questionsPerMinute", round(pooledCasesPerMinute(p) * side.repeats(), 1));
      f.put("casesPerMinuteByRound", p.stream().map(x -> round(x.casesPerMinute(), 1)).toList());
      f.put(
          "msPerQuestion",
          round(
              p.stream().mapToLong(Pass::nanos).sum()
                  / 1e6
                  / p.stream().mapToInt(Pass::questions).sum(),
              2));
      if (!side.harness()) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        p.forEach(x -> x.statuses().forEach((k, v) -> statuses.merge(k, v, Integer::sum)));
        f.put("statuses", statuses);
      } else {
        List<Pass> base = passes.get(baselineOf(side));
        List<Double> ratios = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          ratios.add(p.get(round).casesPerMinute() / base.get(round).casesPerMinute());
          added.add(p.get(round).msPerQuestion() - base.get(round).msPerQuestion());
        }
        f.put("ratioToBaseline", round(pooledCasesPerMinute(p) / pooledCasesPerMinute(base), 3));
        f.put("ratioToBaselineByRound", ratios.stream().map(r -> round(r, 3)).toList());
        f.put("ratioToBaselineSpread", spread(ratios, 3));
        f.put("addedMsPerQuestionByRound", added.stream().map(a -> round(a, 2)).toList());
        f.put("addedMsPerQuestionMedian", round(median(added), 2));
      }
      figures.put(side.name(), f);
    }
    return figures;
  }

  private static Side baselineOf(Side harness) {
    return SIDES.stream()
        .filter(s -> !s.harness() && s.repeats() == harness.repeats())
        .findFirst()
        .orElseThrow();
  }

  private static double pooledCasesPerMinute(List<Pass> passes) {
    return passes.stream().mapToInt(Pass::cases).sum()
        / (passes.stream().mapToLong(Pass::nanos).sum() / 6e10);
  }

  /**
   * The scores of the harness's runs: every metric of each workflow's report of the first round,
   * and whether the later rounds scored the same (latencies aside, which vary by nature).
   */
  private static Map<String, Object> scores(Map<Side, List<Pass>> passes) {
    Map<String, Object> scores = new LinkedHashMap<>();
    for (Side side : SIDES) {
      if (!side.harness()) {
        continue;
      }
      List<Pass> p = passes.get(side);
      Map<String, Object> byWorkflow = new LinkedHashMap<>();
      for (String workflow : WORKFLOWS) {
        EvaluationReport first = p.get(0).reports().get(workflow);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("exitCode", p.get(0).exits().get(workflow));
        w.put("verdict", p.get(0).exits().get(workflow) == 0 ? "PASSED" : "FAILED");
        w.put("cases", first.cases().size());
        w.put("casesPassed", first.cases().stream().filter(CaseResult::passed).count());
        w.put(
            "flakyCases",
            first.cases().stream().filter(CaseResult::flaky).map(CaseResult::id).toList());
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (MetricResult metric : first.metrics()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", metric.name());
          m.put("value", Double.isNaN(metric.value()) ? null : round(metric.value(), 4));
          m.put("threshold", metric.threshold() == null ? null : metric.threshold().toString());
          m.put("passed", metric.passed());
          m.put("n", metric.n());
          if (metric.spread() != null) {
            m.put("spread", round(metric.spread(), 4));
          }
          metrics.add(m);
        }
        w.put("metrics", metrics);
        Map<String, Double> firstScores = comparable(first);
        w.put(
            "sameScoresEveryRound",
            p.stream().allMatch(x -> comparable(x.reports().get(workflow)).equals(firstScores)));
        byWorkflow.put(workflow, w);
      }
      scores.put(side.name(), byWorkflow);
    }
    return scores;
  }

  /** The metrics that do not measure time, rounded, by name. */
  private static Map<String, Double> comparable(EvaluationReport report) {
    Map<String, Double> m = new TreeMap<>();
    for (MetricResult metric : report.metrics()) {
      if (!RunMetrics.UNBOUNDED.contains(metric.name())) {
        m.put(metric.name(), Double.isNaN(metric.value()) ? -1 : round(metric.value(), 6));
      }
    }
    return m;
  }

  /**
   * Reading and scoring alone, in this JVM: the last baseline reply of every case read into a
   * {@link Reply} as the harness reads it and scored by {@link CaseScorer}, all cases {@value
   * #REPORT_WRITES} times (the median per case, after as many unreported rounds).
   */
  private static Map<String, Object> scoringAlone(
      Map<String, List<GoldenCase>> golden, Map<String, String> replies) throws IOException {
    List<Double> perCase = new ArrayList<>();
    int passed = 0;
    int scored = 0;
    for (int i = -REPORT_WRITES; i < REPORT_WRITES; i++) {
      long t = System.nanoTime();
      int n = 0;
      int ok = 0;
      for (Map.Entry<String, List<GoldenCase>> e : golden.entrySet()) {
        for (GoldenCase c : e.getValue()) {
          String body = replies.get(e.getKey() + "/" + c.id());
          if (body != null) {
            n++;
            ok += CaseScorer.score(c, reply(body)).passed() ? 1 : 0;
          }
        }
      }
      if (i >= 0) {
        perCase.add((System.nanoTime() - t) / 1e3 / n);
      }
      passed = ok;
      scored = n;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cases", scored);
    m.put("casesPassed", passed);
    m.put("microsPerCase", round(median(perCase), 1));
    return m;
  }

  /** A 200 reply of {@code /ask} as the harness's client reads it. */
  private static Reply reply(String body) throws IOException {
    JsonNode json = JSON.readTree(body);
    List<Reply.Citation> citations = new ArrayList<>();
    for (JsonNode c : json.path("citations")) {
      citations.add(
          new Reply.Citation(
              c.hasNonNull("id") ? c.get("id").asInt() : null,
              text(c, "documentId"),
              text(c, "title"),
              text(c, "uri"),
              text(c, "snippet"),
              c.hasNonNull("score") ? c.get("score").asDouble() : null));
    }
    return new Reply(
        200,
        text(json, "answer"),
        citations,
        json.path("fallback").asBoolean(false),
        text(json, "fallbackReason"),
        false,
        Duration.ofMillis(1),
        null,
        null,
        text(json, "traceId"),
        json.hasNonNull("confidence") ? json.get("confidence").asDouble() : null);
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  /**
   * The report writing alone, in this JVM: the three reports of the last 3-repeat run of each
   * workflow written {@value #REPORT_WRITES} times (the median, after as many unreported writes).
   */
  private static Map<String, Object> reportWriting(Map<String, EvaluationReport> last, Path reports)
      throws IOException {
    Path dir = reports.resolve("report-writing");
    Files.createDirectories(dir);
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, EvaluationReport> e : last.entrySet()) {
      List<Double> times = new ArrayList<>();
      for (int i = -REPORT_WRITES; i < REPORT_WRITES; i++) {
        long t = System.nanoTime();
        new JsonReportWriter().writeTo(e.getValue(), dir.resolve("report.json"));
        new JUnitReportWriter().writeTo(e.getValue(), dir.resolve("report.xml"));
        new HtmlReportWriter().writeTo(e.getValue(), dir.resolve("report.html"));
        if (i >= 0) {
          times.add((System.nanoTime() - t) / 1e6);
        }
      }
      m.put(e.getKey() + " (repeats 3)", round(median(times), 2));
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static String table(Map<String, Object> report) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%nevaluation throughput, local mode on examples/federation (%d rounds, rotated)%n",
            ROUNDS));
    String fmt = "%-22s %10s %10s %16s  %s%n";
    t.append(
        String.format(
            Locale.ROOT, fmt, "side", "cases/min", "ms/quest.", "harness/baseline", "by round"));
    Map<String, Object> figures = (Map<String, Object>) report.get("throughput");
    for (Map.Entry<String, Object> e : figures.entrySet()) {
      Map<String, Object> f = (Map<String, Object>) e.getValue();
      t.append(
          String.format(
              Locale.ROOT,
              fmt,
              e.getKey(),
              f.get("casesPerMinute"),
              f.get("msPerQuestion"),
              f.containsKey("ratioToBaseline")
                  ? f.get("ratioToBaseline") + " " + f.get("ratioToBaselineSpread")
                  : "(limit)",
              f.get("casesPerMinuteByRound")
                  + (f.containsKey("ratioToBaselineByRound")
                      ? ", ratios " + f.get("ratioToBaselineByRound")
                      : "")));
    }
    t.append(
        String.format(
            Locale.ROOT,
            "reading and scoring alone: %s; report writing alone (ms): %s%n",
            report.get("scoringAlone"),
            report.get("reportWritingMs")));
    Map<String, Object> scores = (Map<String, Object>) report.get("scores");
    for (Map.Entry<String, Object> side : scores.entrySet()) {
      for (Map.Entry<String, Object> wf : ((Map<String, Object>) side.getValue()).entrySet()) {
        Map<String, Object> w = (Map<String, Object>) wf.getValue();
        t.append(
            String.format(
                Locale.ROOT,
                "%nscores, %s, %s: %s, %s/%s cases passed, same every round: %s%n",
                wf.getKey(),
                side.getKey(),
                w.get("verdict"),
                w.get("casesPassed"),
                w.get("cases"),
                w.get("sameScoresEveryRound")));
        for (Map<String, Object> m : (List<Map<String, Object>>) w.get("metrics")) {
          t.append(
              String.format(
                  Locale.ROOT,
                  "  %-26s %10s %-10s %s%n",
                  m.get("name"),
                  m.get("value"),
                  m.get("threshold") == null ? "-" : m.get("threshold"),
                  m.get("threshold") == null
                      ? ""
                      : ((boolean) m.get("passed") ? "passed" : "FAILED")));
        }
      }
    }
    return t.toString();
  }

  /** Min, median and max, rounded. */
  private static Map<String, Object> spread(List<Double> values, int decimals) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "min",
        round(values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), decimals));
    m.put("median", round(median(values), decimals));
    m.put(
        "max",
        round(values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), decimals));
    return m;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
