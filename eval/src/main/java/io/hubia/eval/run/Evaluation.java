package io.hubia.eval.run;

import io.hubia.eval.CitationMetrics;
import io.hubia.eval.GoldenCase;
import io.hubia.eval.PlantedDocument;
import io.hubia.eval.Repeats;
import io.hubia.eval.judge.JudgeCheck;
import io.hubia.eval.judge.LexicalSupportJudge;
import io.hubia.eval.judge.SupportJudge;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.JudgeSummary;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.report.ShadowSummary;
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
 *
 * <p>A suite that plants documents ({@link Suite#plant}) gets one shadow of the workflow's indexes
 * with those documents, made just before its first shadow case is asked (as that case's caller) and
 * deleted at the end of the run, whatever happens; its shadow cases are asked against it with the
 * {@value RuntimeClient#SHADOW_HEADER} header, its other cases against the live index. When the
 * runtime does not enable shadows (404), the shadow cases are not run: they have no attempt, so the
 * metrics they alone measure (the indirect injection attack success rate) have {@code n = 0}, and a
 * warning line says so; when it refuses the shadow otherwise, they fail as unanswered questions do.
 * The report records each shadow ({@link ShadowSummary}).
 */
public final class Evaluation {
  /**
   * Per-case diagnostic of a shadow case: the share of its replies that cite a planted document
   * ({@link PlantedDocument#matches}), telling whether retrieval brought the payload to the answer.
   */
  public static final String PLANTED_CITED = "planted_cited";

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
   * @param plant the documents planted in a shadow for its shadow cases; empty when none
   */
  public record Suite(
      String name, List<GoldenCase> cases, boolean shipped, List<PlantedDocument> plant) {

    /** Freezes the lists and checks that shadow cases have documents to be asked against. */
    public Suite {
      cases = List.copyOf(cases);
      plant = plant == null ? List.of() : List.copyOf(plant);
      if (plant.isEmpty()) {
        for (GoldenCase goldenCase : cases) {
          if (goldenCase.shadow()) {
            throw new IllegalArgumentException(
                "suite '"
                    + name
                    + "': case '"
                    + goldenCase.id()
                    + "' is a shadow case but the suite plants no document");
          }
        }
      }
    }

    /** A suite without planted documents. */
    public Suite(String name, List<GoldenCase> cases, boolean shipped) {
      this(name, cases, shipped, List.of());
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
    Map<String, Suite> byName = new HashMap<>();
    suites.forEach(suite -> byName.put(suite.name(), suite));
    Map<String, ShadowState> shadows = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    suites.forEach(suite -> suite.cases().forEach(c -> entries.add(new Entry(suite.name(), c))));
    Map<String, List<RunMetrics.Attempt>> attempts = new HashMap<>();
    int total = entries.size() * repeats;
    TallyingJudge tally = new TallyingJudge(judge);
    int asked = 0;
    try {
      for (int repeat = 0; repeat < repeats; repeat++) {
        for (Entry entry : entries) {
          asked++;
          ask(entry, repeat, asked, total, byName, shadows, attempts, tally);
        }
      }
    } finally {
      deleteShadows(shadows);
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
        .withJudge(judgeSummary(tally))
        .withShadows(shadows.values().stream().map(ShadowState::summary).toList());
  }

  /** Asks one case once (against its suite's shadow when it is a shadow case) and scores it. */
  private void ask(
      Entry entry,
      int repeat,
      int asked,
      int total,
      Map<String, Suite> byName,
      Map<String, ShadowState> shadows,
      Map<String, List<RunMetrics.Attempt>> attempts,
      SupportJudge tally)
      throws IOException, InterruptedException {
    GoldenCase goldenCase = entry.goldenCase();
    String shadow = null;
    CaseScorer.Score score = null;
    if (goldenCase.shadow()) {
      ShadowState state = shadows.get(entry.suite());
      if (state == null) {
        state = openShadow(byName.get(entry.suite()), goldenCase);
        shadows.put(entry.suite(), state);
      }
      if (state.casesNotRun()) {
        entry.notRun(state.note);
        progress.accept(
            String.format(
                "[%d/%d] %s: not run (shadows are not enabled on the runtime)",
                asked, total, goldenCase.id()));
        return;
      }
      if (state.shadow == null) {
        score = CaseScorer.failed("no shadow to ask against: " + state.note);
      } else {
        shadow = state.shadow.id();
      }
    }
    Reply reply = null;
    if (score == null) {
      String token = tokens.tokenFor(goldenCase.caller());
      try {
        reply = client.ask(workflow, goldenCase.question(), token, shadow);
        score = CaseScorer.score(goldenCase, reply, tally);
      } catch (IOException e) {
        score = CaseScorer.failed("no reply from the runtime: " + describe(e));
      }
    }
    entry.replies().add(reply);
    entry.scores().add(score);
    if (goldenCase.shadow() && reply != null && reply.status() == 200) {
      List<PlantedDocument> plant = byName.get(entry.suite()).plant();
      boolean cited =
          reply.citations().stream()
              .anyMatch(c -> plant.stream().anyMatch(d -> d.matches(c.documentId())));
      entry.plantedCited().add(cited ? 1.0 : 0.0);
    }
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

  /**
   * Makes the shadow of {@code suite}'s planted documents as the caller of {@code first}, its first
   * shadow case. A runtime without shadows or refusing this one is recorded, not thrown; a token
   * that cannot be had is thrown, as for a question.
   */
  private ShadowState openShadow(Suite suite, GoldenCase first)
      throws IOException, InterruptedException {
    ShadowState state = new ShadowState(suite.name(), first.caller(), suite.plant().size());
    String token = tokens.tokenFor(first.caller());
    try {
      state.shadow = client.createShadow(workflow, suite.plant(), token);
      state.status = ShadowSummary.CREATED;
      ShadowSummary summary = state.summary();
      progress.accept(
          String.format(
              "shadow %s for suite %s: %d chunks copied, %d documents planted (%d chunks),"
                  + " %d chunks flagged",
              state.shadow.id(),
              suite.name(),
              summary.copiedChunks(),
              suite.plant().size(),
              summary.plantedChunks(),
              summary.flaggedChunks()));
    } catch (Shadow.NotEnabledException e) {
      state.status = ShadowSummary.NOT_ENABLED;
      state.note = e.getMessage();
      progress.accept(
          "warning: shadows are not enabled on the runtime at "
              + client.baseUrl()
              + " (404 on evaluation/shadows): the shadow cases of suite "
              + suite.name()
              + " are not run, so indirect injection is not measured");
    } catch (IOException e) {
      state.status = ShadowSummary.FAILED;
      state.note = describe(e);
      progress.accept(
          "warning: no shadow for suite "
              + suite.name()
              + ", its shadow cases fail: "
              + state.note);
    }
    return state;
  }

  /** Deletes every shadow made; a failure is a warning, recorded in the report. */
  private void deleteShadows(Map<String, ShadowState> shadows) {
    boolean interrupted = false;
    for (ShadowState state : shadows.values()) {
      if (state.shadow == null) {
        continue;
      }
      try {
        client.deleteShadow(workflow, state.shadow.id(), tokens.tokenFor(state.caller));
        state.deleted = true;
      } catch (IOException e) {
        state.note = "not deleted: " + describe(e);
        progress.accept(
            "warning: shadow " + state.shadow.id() + " could not be deleted: " + describe(e));
      } catch (InterruptedException e) {
        interrupted = true;
        state.note = "not deleted: the run was interrupted";
        progress.accept(
            "warning: shadow " + state.shadow.id() + " was not deleted: the run was interrupted");
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** What became of a suite's shadow during the run. */
  private static final class ShadowState {
    private final String suite;
    private final GoldenCase.Caller caller;
    private final int plantedDocuments;
    private Shadow shadow;
    private String status = ShadowSummary.FAILED;
    private String note;
    private boolean deleted;

    ShadowState(String suite, GoldenCase.Caller caller, int plantedDocuments) {
      this.suite = suite;
      this.caller = caller;
      this.plantedDocuments = plantedDocuments;
    }

    boolean casesNotRun() {
      return ShadowSummary.NOT_ENABLED.equals(status);
    }

    ShadowSummary summary() {
      return new ShadowSummary(
          suite,
          status,
          shadow == null ? null : shadow.id(),
          shadow == null ? null : shadow.expiresAt(),
          plantedDocuments,
          shadow == null ? List.of() : shadow.indexes(),
          deleted,
          note);
    }
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
    entry.plantedCited().stream()
        .mapToDouble(Double::doubleValue)
        .average()
        .ifPresent(mean -> metrics.put(PLANTED_CITED, mean));
    entry.replies().stream()
        .filter(reply -> reply != null)
        .mapToDouble(reply -> reply.latency().toNanos() / 1e6)
        .average()
        .ifPresent(mean -> metrics.put("latency_ms", mean));
    boolean passed = !entry.scores().isEmpty() && outcomes.stream().allMatch(Boolean::booleanValue);
    if (entry.scores().isEmpty() && entry.notRunReason() != null) {
      reasons.add(CaseResult.NOT_RUN + ": " + entry.notRunReason());
    }
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
      String suite,
      GoldenCase goldenCase,
      List<Reply> replies,
      List<CaseScorer.Score> scores,
      List<String> notRun,
      List<Double> plantedCited) {
    Entry(String suite, GoldenCase goldenCase) {
      this(
          suite,
          goldenCase,
          new ArrayList<>(),
          new ArrayList<>(),
          new ArrayList<>(1),
          new ArrayList<>());
    }

    /** Marks the case as not run, for {@code reason}. */
    void notRun(String reason) {
      if (notRun.isEmpty()) {
        notRun.add(reason);
      }
    }

    /** Why the case was not run, or {@code null} when it was. */
    String notRunReason() {
      return notRun.isEmpty() ? null : notRun.get(0);
    }
  }
}
