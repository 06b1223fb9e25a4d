package io.hubia.eval.run;

import io.hubia.eval.GoldenCase;
import io.hubia.eval.Repeats;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.report.Thresholds;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs an evaluation: asks every golden case of every suite to a runtime {@code repeats} times, as
 * the case's caller, scores each reply ({@link CaseScorer}), aggregates the run ({@link
 * RunMetrics}), holds the metrics against the thresholds and builds the {@link EvaluationReport}.
 *
 * <p>Questions are asked one at a time, repeat after repeat (every case once, then every case
 * again), so that a slow or rate-limited runtime sees a steady load and a repeat is a whole run. A
 * failed question (error status, transport failure) fails its case and the run goes on; a token
 * that cannot be had stops the run, since every question of that caller would fail the same way.
 */
public final class Evaluation {
  private final RuntimeClient client;
  private final TokenSource tokens;
  private final String workflow;
  private final int repeats;
  private final Thresholds thresholds;
  private final Clock clock;
  private final Consumer<String> progress;
  private Map<String, List<MetricResult>> suiteMetrics = Map.of();

  /**
   * An evaluation of {@code workflow} through {@code client}.
   *
   * @param repeats how many times each case is asked, at least 1
   * @param progress receives one line per question asked (never a token), e.g. for stderr
   */
  public Evaluation(
      RuntimeClient client,
      TokenSource tokens,
      String workflow,
      int repeats,
      Thresholds thresholds,
      Clock clock,
      Consumer<String> progress) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be at least 1, not " + repeats);
    }
    if (workflow == null || workflow.isBlank()) {
      throw new IllegalArgumentException("the workflow to evaluate is missing");
    }
    this.client = client;
    this.tokens = tokens;
    this.workflow = workflow.strip();
    this.repeats = repeats;
    this.thresholds = thresholds;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * A golden set to run, under a suite name (reports group cases by suite).
   *
   * @param name the suite's name, e.g. the golden set's file name without extension
   * @param cases its cases
   */
  public record Suite(String name, List<GoldenCase> cases) {

    /** Freezes the cases. */
    public Suite {
      cases = List.copyOf(cases);
    }
  }

  /**
   * Runs the suites and returns the report.
   *
   * @throws IOException when a caller's token cannot be had
   */
  public EvaluationReport run(List<Suite> suites) throws IOException, InterruptedException {
    Instant startedAt = clock.instant();
    List<Entry> entries = new ArrayList<>();
    suites.forEach(suite -> suite.cases().forEach(c -> entries.add(new Entry(suite.name(), c))));
    List<RunMetrics.Attempt> attempts = new ArrayList<>();
    Map<String, List<RunMetrics.Attempt>> bySuite = new LinkedHashMap<>();
    int total = entries.size() * repeats;
    int asked = 0;
    for (int repeat = 0; repeat < repeats; repeat++) {
      for (Entry entry : entries) {
        asked++;
        GoldenCase goldenCase = entry.goldenCase();
        String token = tokens.tokenFor(goldenCase.caller());
        Reply reply = null;
        CaseScorer.Score score;
        try {
          reply = client.ask(workflow, goldenCase.question(), token);
          score = CaseScorer.score(goldenCase, reply);
        } catch (IOException e) {
          score = CaseScorer.failed("no reply from the runtime: " + describe(e));
        }
        entry.replies().add(reply);
        entry.scores().add(score);
        RunMetrics.Attempt attempt =
            new RunMetrics.Attempt(
                goldenCase.id(),
                repeat,
                goldenCase.mustFallBack(),
                score,
                reply == null ? null : reply.latency());
        attempts.add(attempt);
        bySuite.computeIfAbsent(entry.suite(), s -> new ArrayList<>()).add(attempt);
        progress.accept(
            String.format(
                "[%d/%d] %s: %s", asked, total, goldenCase.id(), score.passed() ? "pass" : "fail"));
      }
    }
    List<MetricResult> metrics = new ArrayList<>();
    for (MetricResult metric : RunMetrics.aggregate(attempts, repeats)) {
      metrics.add(thresholds.evaluate(metric));
    }
    Map<String, List<MetricResult>> perSuite = new LinkedHashMap<>();
    bySuite.forEach(
        (suite, suiteAttempts) ->
            perSuite.put(suite, thresholds.evaluate(RunMetrics.aggregate(suiteAttempts, repeats))));
    suiteMetrics = Collections.unmodifiableMap(perSuite);
    List<CaseResult> cases = entries.stream().map(this::caseResult).toList();
    List<String> suiteNames = suites.stream().map(Suite::name).distinct().toList();
    return EvaluationReport.of(
        workflow,
        0,
        startedAt,
        clock.instant(),
        client.baseUrl().toString(),
        suiteNames,
        repeats,
        metrics,
        cases);
  }

  /**
   * The metrics of each suite of the last {@link #run}, by suite name in run order: the run's
   * metrics computed over the suite's attempts only, held against the same thresholds (a metric
   * that applies to nothing in a suite has {@code n = 0}). Empty before a run.
   */
  public Map<String, List<MetricResult>> suiteMetrics() {
    return suiteMetrics;
  }

  /**
   * The case over its repeats: the answer of the last reply, per-case metrics averaged over the
   * attempts they apply to, passed only when every attempt passed.
   */
  private CaseResult caseResult(Entry entry) {
    GoldenCase goldenCase = entry.goldenCase();
    Reply last = null;
    for (Reply reply : entry.replies()) {
      last = reply == null ? last : reply;
    }
    Set<String> reasons = new LinkedHashSet<>();
    List<Boolean> outcomes = new ArrayList<>();
    for (int i = 0; i < entry.scores().size(); i++) {
      CaseScorer.Score score = entry.scores().get(i);
      outcomes.add(score.passed());
      String prefix = repeats > 1 ? "attempt " + (i + 1) + ": " : "";
      score.failureReasons().forEach(reason -> reasons.add(prefix + reason));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String name : CaseScorer.CASE_METRICS) {
      entry.scores().stream()
          .map(score -> score.metrics().get(name))
          .filter(value -> value != null)
          .mapToDouble(Double::doubleValue)
          .average()
          .ifPresent(mean -> metrics.put(name, mean));
    }
    entry.replies().stream()
        .filter(reply -> reply != null)
        .mapToDouble(reply -> reply.latency().toNanos() / 1e6)
        .average()
        .ifPresent(mean -> metrics.put("latency_ms", mean));
    boolean passed = outcomes.stream().allMatch(Boolean::booleanValue);
    return new CaseResult(
        goldenCase.id(),
        entry.suite(),
        goldenCase.tags(),
        goldenCase.question(),
        goldenCase.caller().subject(),
        last == null ? null : last.answer(),
        last != null && last.fellBack(),
        last == null ? null : last.fallbackReason(),
        last == null
            ? List.of()
            : last.citations().stream()
                .map(c -> new CaseResult.Citation(c.documentId(), c.title(), c.snippet()))
                .toList(),
        goldenCase.expectedSources(),
        passed,
        passed ? List.of() : List.copyOf(reasons),
        metrics,
        Repeats.isFlaky(outcomes),
        outcomes.size());
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }

  private record Entry(
      String suite, GoldenCase goldenCase, List<Reply> replies, List<CaseScorer.Score> scores) {
    Entry(String suite, GoldenCase goldenCase) {
      this(suite, goldenCase, new ArrayList<>(), new ArrayList<>());
    }
  }
}
