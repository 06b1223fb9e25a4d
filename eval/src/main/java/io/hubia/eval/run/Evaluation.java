package io.hubia.eval.run;

import io.hubia.eval.CitationMetrics;
import io.hubia.eval.GoldenCase;
import io.hubia.eval.Repeats;
import io.hubia.eval.judge.JudgeCheck;
import io.hubia.eval.judge.LexicalSupportJudge;
import io.hubia.eval.judge.SupportJudge;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.JudgeSummary;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.report.Thresholds;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs an evaluation: asks every golden case of every suite to a runtime {@code repeats} times, as
 * the case's caller, scores each reply ({@link CaseScorer}), aggregates the run ({@link
 * RunMetrics}), holds the metrics against the thresholds and builds the {@link EvaluationReport}.
 * Metrics are aggregated per suite; with several suites each is named {@code suite.metric}, and a
 * threshold prefixed with a suite's name ({@link Suite#thresholdNames}) applies to it alone.
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
  private final RunMetrics.TokenPrices prices;
  private Map<String, List<MetricResult>> suiteMetrics = Map.of();
  private SupportJudge judge = new LexicalSupportJudge();
  private long generation;
  private JudgeCheck.Agreement judgeAgreement;

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
    this(client, tokens, workflow, repeats, thresholds, clock, progress, null);
  }

  /**
   * An evaluation that also reports {@value RunMetrics#COST_PER_ANSWER} at {@code prices} ({@code
   * null}: no cost).
   */
  public Evaluation(
      RuntimeClient client,
      TokenSource tokens,
      String workflow,
      int repeats,
      Thresholds thresholds,
      Clock clock,
      Consumer<String> progress,
      RunMetrics.TokenPrices prices) {
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
    this.prices = prices;
  }

  /**
   * Records in the report the {@code metadata.generation} of the workflow evaluated (the operator's
   * Job knows it; 0, the default, means unknown).
   */
  public Evaluation forGeneration(long generation) {
    this.generation = generation;
    return this;
  }

  /**
   * Judges support (citation precision, groundedness) with {@code judge} instead of the lexical
   * judge, and records in the report its {@code agreement} with the human labels, when checked.
   *
   * @param agreement the judge's agreement with the labels, or {@code null} when not checked
   */
  public Evaluation withJudge(SupportJudge judge, JudgeCheck.Agreement agreement) {
    this.judge = judge;
    this.judgeAgreement = agreement;
    return this;
  }

  /**
   * A support judge with its agreement with the human labels.
   *
   * @param agreement {@code null} when the judge was not checked
   */
  public record Judging(SupportJudge judge, JudgeCheck.Agreement agreement) {}

  /**
   * A golden set to run, under a suite name (reports group cases by suite).
   *
   * @param name the suite's name, e.g. the golden set's file name without extension
   * @param cases its cases
   * @param shipped whether it is one of the suites shipped with the harness ({@link ShippedSuites})
   *     rather than a golden set file
   */
  public record Suite(String name, List<GoldenCase> cases, boolean shipped) {

    /** Freezes the cases. */
    public Suite {
      cases = List.copyOf(cases);
    }

    /** A golden set file's suite. */
    public Suite(String name, List<GoldenCase> cases) {
      this(name, cases, false);
    }

    /**
     * The names a threshold prefix may give this suite: its name, and {@value ShippedSuites#GOLDEN}
     * for a golden set file's.
     */
    public List<String> thresholdNames() {
      return shipped || name.equals(ShippedSuites.GOLDEN)
          ? List.of(name)
          : List.of(name, ShippedSuites.GOLDEN);
    }
  }

  /**
   * Runs the suites and returns the report.
   *
   * @throws IOException when a caller's token cannot be had
   */
  public EvaluationReport run(List<Suite> suites) throws IOException, InterruptedException {
    if (suites.stream().map(Suite::name).distinct().count() < suites.size()) {
      throw new IllegalArgumentException(
          "two suites have the same name: " + suites.stream().map(Suite::name).toList());
    }
    Instant startedAt = clock.instant();
    List<Entry> entries = new ArrayList<>();
    suites.forEach(suite -> suite.cases().forEach(c -> entries.add(new Entry(suite.name(), c))));
    Map<String, List<RunMetrics.Attempt>> attempts = new HashMap<>();
    int total = entries.size() * repeats;
    TallyingJudge tally = new TallyingJudge(judge);
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
          score = CaseScorer.score(goldenCase, reply, tally);
        } catch (IOException e) {
          score = CaseScorer.failed("no reply from the runtime: " + describe(e));
        }
        entry.replies().add(reply);
        entry.scores().add(score);
        attempts
            .computeIfAbsent(entry.suite(), suite -> new ArrayList<>())
            .add(
                new RunMetrics.Attempt(
                    goldenCase.id(),
                    repeat,
                    goldenCase.mustFallBack(),
                    score,
                    reply == null ? null : reply.latency(),
                    goldenCase.attack(),
                    goldenCase.category(),
                    reply == null ? null : reply.usage()));
        progress.accept(
            String.format(
                "[%d/%d] %s: %s", asked, total, goldenCase.id(), score.passed() ? "pass" : "fail"));
      }
    }
    Map<String, List<MetricResult>> measured = new LinkedHashMap<>();
    Set<String> measuredSomewhere = new HashSet<>();
    for (Suite suite : suites) {
      List<MetricResult> raw =
          RunMetrics.aggregate(attempts.getOrDefault(suite.name(), List.of()), repeats, prices);
      measured.put(suite.name(), raw);
      raw.stream().filter(m -> m.n() > 0).forEach(m -> measuredSomewhere.add(m.name()));
    }
    List<MetricResult> metrics = new ArrayList<>();
    Map<String, List<MetricResult>> perSuite = new LinkedHashMap<>();
    for (Suite suite : suites) {
      List<MetricResult> held = heldMetrics(suite, measured.get(suite.name()), measuredSomewhere);
      perSuite.put(suite.name(), held);
      metrics.addAll(suites.size() > 1 ? qualified(suite, held) : held);
    }
    suiteMetrics = Collections.unmodifiableMap(perSuite);
    List<CaseResult> cases = entries.stream().map(this::caseResult).toList();
    List<String> suiteNames = suites.stream().map(Suite::name).distinct().toList();
    return EvaluationReport.of(
            workflow,
            generation,
            startedAt,
            clock.instant(),
            client.baseUrl().toString(),
            suiteNames,
            repeats,
            metrics,
            cases)
        .withJudge(judgeSummary(tally));
  }

  private JudgeSummary judgeSummary(TallyingJudge tally) {
    JudgeCheck.Agreement agreement = judgeAgreement;
    return new JudgeSummary(
        judge.describe(),
        agreement == null ? null : agreement.items(),
        agreement == null ? null : agreement.accuracy(),
        agreement == null ? null : agreement.kappa(),
        agreement == null ? null : JudgeCheck.MIN_KAPPA,
        tally.verdicts.get(),
        tally.noVerdicts.get());
  }

  /** Counts the verdicts a judge gives, and those that are no verdict. */
  private static final class TallyingJudge implements SupportJudge {
    private final SupportJudge judge;
    private final AtomicLong verdicts = new AtomicLong();
    private final AtomicLong noVerdicts = new AtomicLong();

    TallyingJudge(SupportJudge judge) {
      this.judge = judge;
    }

    @Override
    public Verdict judge(String sentence, String passage) {
      Verdict verdict = judge.judge(sentence, passage);
      verdicts.incrementAndGet();
      if (verdict == Verdict.NO_VERDICT) {
        noVerdicts.incrementAndGet();
      }
      return verdict;
    }

    @Override
    public String describe() {
      return judge.describe();
    }
  }

  /**
   * The metrics of each suite of the last {@link #run}, by suite name in run order, with their
   * plain names (not prefixed by the suite), held against the suite's thresholds. Empty before a
   * run.
   */
  public Map<String, List<MetricResult>> suiteMetrics() {
    return suiteMetrics;
  }

  /**
   * A suite's metrics held against its thresholds (an unprefixed threshold does not hold where the
   * suite measured nothing that another suite measured). A metric with a threshold written for this
   * suite (with its prefix) that the suite does not report, such as an attack success rate of a
   * suite without attacks, is reported as NaN with {@code n = 0}, and fails: nothing was measured.
   */
  private List<MetricResult> heldMetrics(
      Suite suite, List<MetricResult> aggregated, Set<String> measuredSomewhere) {
    List<String> names = suite.thresholdNames();
    List<MetricResult> results = new ArrayList<>(aggregated);
    Set<String> reported = new HashSet<>();
    results.forEach(metric -> reported.add(metric.name()));
    for (String metric : thresholds.prefixedFor(names)) {
      if (reported.add(metric)) {
        results.add(MetricResult.of(metric, Double.NaN, 0));
      }
    }
    List<MetricResult> metrics = new ArrayList<>();
    for (MetricResult metric : results) {
      metrics.add(thresholds.evaluate(metric, names, measuredSomewhere.contains(metric.name())));
    }
    return metrics;
  }

  /** The metrics named {@code suite.metric}, for a run with several suites. */
  private static List<MetricResult> qualified(Suite suite, List<MetricResult> metrics) {
    return metrics.stream()
        .map(
            held ->
                new MetricResult(
                    suite.name() + "." + held.name(),
                    held.value(),
                    held.spread(),
                    held.ciLow(),
                    held.ciHigh(),
                    held.threshold(),
                    held.passed(),
                    held.n()))
        .toList();
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
    List<String> caseMetrics = new ArrayList<>(CaseScorer.CASE_METRICS);
    caseMetrics.add(CaseScorer.ATTACK_SUCCEEDED);
    for (String name : caseMetrics) {
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
    List<CaseResult.Sentence> sentences = List.of();
    for (CaseScorer.Score score : entry.scores()) {
      if (score.replied()) {
        sentences = score.sentences().stream().map(Evaluation::sentence).toList();
      }
    }
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
        sentences,
        Repeats.isFlaky(outcomes),
        outcomes.size());
  }

  private static CaseResult.Sentence sentence(CitationMetrics.CitedSentence sentence) {
    return new CaseResult.Sentence(
        sentence.text(),
        sentence.statesFact(),
        sentence.citedDocumentIds(),
        sentence.citedDocumentIds().stream()
            .filter(sentence.supportingDocumentIds()::contains)
            .toList());
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
