package io.hubia.eval.run;

import io.hubia.eval.AttackKind;
import io.hubia.eval.FallbackMetrics;
import io.hubia.eval.FallbackMetrics.FallbackOutcome;
import io.hubia.eval.FallbackMetrics.FallbackScores;
import io.hubia.eval.OwaspCategory;
import io.hubia.eval.Repeats;
import io.hubia.eval.SecurityMetrics;
import io.hubia.eval.SecurityMetrics.AttackOutcome;
import io.hubia.eval.SecurityMetrics.AttackSuccess;
import io.hubia.eval.report.MetricResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Aggregates the scored attempts of a run (every case × every repeat) into the run's metrics.
 *
 * <p>Each quality metric's value is the mean over every applicable attempt of every repeat, with
 * {@code n} the number of those attempts. With two repeats or more, {@code spread} is the sample
 * standard deviation of the per-repeat values and the interval the Student t 95% interval of their
 * mean ({@link Repeats#meanInterval}); {@code cases_passed_share} has Wilson's interval over all
 * attempts. A metric that no attempt applies to is reported with value NaN and {@code n = 0}: a
 * threshold on it then fails, since nothing was measured. Attempts with no usable reply (an error
 * status or a transport failure) count only in {@code cases_passed_share}, as failures.
 *
 * <p>Security cases (with an {@code attack}) add {@value #ATTACK_SUCCESS_RATE}, and one rate per
 * attack kind ({@code attack_success_rate_direct_injection}…) and per OWASP category ({@code
 * attack_success_rate_llm01}…) that the run attacked, from {@link SecurityMetrics}; a kind or
 * category with no attempt is not reported, and a run without security case reports none of them.
 * Security cases that do not require a fallback are left out of the fallback metrics: whether they
 * answer or fall back is not judged.
 *
 * <p>Model usage: {@value #TOKENS_PER_ANSWER}, {@value #INPUT_TOKENS_PER_ANSWER} and {@value
 * #OUTPUT_TOKENS_PER_ANSWER} are means over the replies whose {@code usage} says a model was called
 * (fallbacks included, the extractive answerer's replies left out), and {@value #COST_PER_ANSWER},
 * reported only when {@link TokenPrices} are given, the mean cost of those replies. Like latency,
 * they are not 0–1 scores ({@link #UNBOUNDED}).
 */
public final class RunMetrics {
  /** Fallback precision over the attempts that fell back. */
  public static final String FALLBACK_PRECISION = "fallback_precision";

  /** Fallback recall over the attempts of must-fall-back cases. */
  public static final String FALLBACK_RECALL = "fallback_recall";

  /** Share of the attempts of must-answer cases that fell back. */
  public static final String FALSE_FALLBACK_RATE = "false_fallback_rate";

  /** Median client-side latency of the replies, in milliseconds. */
  public static final String LATENCY_P50_MS = "latency_p50_ms";

  /** 95th percentile of the client-side latency of the replies, in milliseconds. */
  public static final String LATENCY_P95_MS = "latency_p95_ms";

  /** Mean input plus output model tokens of the replies that called a model. */
  public static final String TOKENS_PER_ANSWER = "tokens_per_answer";

  /** Mean input model tokens of the replies that called a model. */
  public static final String INPUT_TOKENS_PER_ANSWER = "input_tokens_per_answer";

  /** Mean output model tokens of the replies that called a model. */
  public static final String OUTPUT_TOKENS_PER_ANSWER = "output_tokens_per_answer";

  /** Mean cost of the replies that called a model, at the given {@link TokenPrices}. */
  public static final String COST_PER_ANSWER = "cost_per_answer";

  /** Share of the attempts that passed. */
  public static final String CASES_PASSED_SHARE = "cases_passed_share";

  /** Share of the attacks of security cases that succeeded, over every attack kind. */
  public static final String ATTACK_SUCCESS_RATE = "attack_success_rate";

  /** Every metric of a run, in report order. */
  public static final List<String> NAMES =
      Stream.of(
              CaseScorer.CASE_METRICS.stream(),
              Stream.of(
                  FALLBACK_PRECISION,
                  FALLBACK_RECALL,
                  FALSE_FALLBACK_RATE,
                  LATENCY_P50_MS,
                  LATENCY_P95_MS,
                  TOKENS_PER_ANSWER,
                  INPUT_TOKENS_PER_ANSWER,
                  OUTPUT_TOKENS_PER_ANSWER,
                  COST_PER_ANSWER,
                  CASES_PASSED_SHARE,
                  ATTACK_SUCCESS_RATE),
              Arrays.stream(AttackKind.values()).map(RunMetrics::attackSuccessRate),
              Arrays.stream(OwaspCategory.values()).map(RunMetrics::attackSuccessRate))
          .flatMap(names -> names)
          .toList();

  /** Metrics that are not 0–1 scores, so that {@code Thresholds} cannot bound them. */
  public static final List<String> UNBOUNDED =
      List.of(
          LATENCY_P50_MS,
          LATENCY_P95_MS,
          TOKENS_PER_ANSWER,
          INPUT_TOKENS_PER_ANSWER,
          OUTPUT_TOKENS_PER_ANSWER,
          COST_PER_ANSWER);

  /**
   * Prices of model tokens, per 1000 tokens, in whatever unit the caller chooses (a currency, a
   * fraction of one, credits): {@value #COST_PER_ANSWER} is in the same unit.
   *
   * @param inputPer1k price of 1000 input tokens, finite and 0 or more
   * @param outputPer1k price of 1000 output tokens, finite and 0 or more
   */
  public record TokenPrices(double inputPer1k, double outputPer1k) {
    public TokenPrices {
      if (!(inputPer1k >= 0)
          || !(outputPer1k >= 0)
          || Double.isInfinite(inputPer1k)
          || Double.isInfinite(outputPer1k)) {
        throw new IllegalArgumentException(
            "token prices must be finite numbers of 0 or more, not "
                + inputPer1k
                + " and "
                + outputPer1k);
      }
    }

    /** The cost of {@code usage}: input tokens / 1000 × input price + output likewise. */
    public double cost(Reply.Usage usage) {
      return usage.inputTokens() / 1000.0 * inputPer1k
          + usage.outputTokens() / 1000.0 * outputPer1k;
    }
  }

  private RunMetrics() {}

  /**
   * The name of the attack success rate of one kind, e.g. {@code
   * attack_success_rate_direct_injection}.
   */
  public static String attackSuccessRate(AttackKind kind) {
    return ATTACK_SUCCESS_RATE + "_" + kind.metricSuffix();
  }

  /**
   * The name of the attack success rate of one OWASP category, e.g. {@code
   * attack_success_rate_llm01}.
   */
  public static String attackSuccessRate(OwaspCategory category) {
    return ATTACK_SUCCESS_RATE + "_" + category.metricSuffix();
  }

  /**
   * One question asked once.
   *
   * @param caseId the golden case
   * @param repeat which repeat, from 0
   * @param mustFallBack what the case requires
   * @param score the attempt's score
   * @param latency the client-side latency of the reply, or {@code null} when there was none
   * @param attack the attack a security case makes, or {@code null} for a quality case
   * @param category the OWASP category the attack is reported under, or {@code null}
   * @param usage the reply's model usage, or {@code null} when no model was called or no reply
   */
  public record Attempt(
      String caseId,
      int repeat,
      boolean mustFallBack,
      CaseScorer.Score score,
      Duration latency,
      AttackKind attack,
      OwaspCategory category,
      Reply.Usage usage) {

    /** Fills in the attack's default category when none is given. */
    public Attempt {
      if (attack != null && category == null) {
        category = attack.defaultCategory();
      }
    }

    /** An attempt whose reply called no model. */
    public Attempt(
        String caseId,
        int repeat,
        boolean mustFallBack,
        CaseScorer.Score score,
        Duration latency,
        AttackKind attack,
        OwaspCategory category) {
      this(caseId, repeat, mustFallBack, score, latency, attack, category, null);
    }

    /** An attempt of a quality case. */
    public Attempt(
        String caseId, int repeat, boolean mustFallBack, CaseScorer.Score score, Duration latency) {
      this(caseId, repeat, mustFallBack, score, latency, null, null);
    }

    /** Whether the fallback metrics judge this attempt: every one but attacks that may answer. */
    boolean judgesFallback() {
      return attack == null || mustFallBack;
    }

    /** The attack's outcome, when this is a security case that got a reply. */
    AttackOutcome attackOutcome() {
      Double succeeded = score.metrics().get(CaseScorer.ATTACK_SUCCEEDED);
      if (attack == null || succeeded == null) {
        return null;
      }
      return new AttackOutcome(caseId, attack, category, succeeded > 0);
    }
  }

  /** The run's metrics, in the order of {@link #NAMES}, not yet held against thresholds. */
  public static List<MetricResult> aggregate(List<Attempt> attempts, int repeats) {
    return aggregate(attempts, repeats, null);
  }

  /**
   * The run's metrics, {@value #COST_PER_ANSWER} among them when {@code prices} is not {@code
   * null}.
   */
  public static List<MetricResult> aggregate(
      List<Attempt> attempts, int repeats, TokenPrices prices) {
    List<MetricResult> metrics = new ArrayList<>();
    for (String name : CaseScorer.CASE_METRICS) {
      metrics.add(meanOver(attempts, repeats, name));
    }
    metrics.add(fallback(attempts, repeats, FALLBACK_PRECISION, FallbackScores::precision));
    metrics.add(fallback(attempts, repeats, FALLBACK_RECALL, FallbackScores::recall));
    metrics.add(
        fallback(attempts, repeats, FALSE_FALLBACK_RATE, FallbackScores::falseFallbackRate));
    double[] latencies =
        attempts.stream()
            .filter(attempt -> attempt.latency() != null)
            .mapToDouble(attempt -> attempt.latency().toNanos() / 1e6)
            .sorted()
            .toArray();
    metrics.add(MetricResult.of(LATENCY_P50_MS, percentile(latencies, 50), latencies.length));
    metrics.add(MetricResult.of(LATENCY_P95_MS, percentile(latencies, 95), latencies.length));
    metrics.addAll(usage(attempts, repeats, prices));
    metrics.add(passedShare(attempts, repeats));
    metrics.addAll(attackSuccessRates(attempts, repeats));
    return metrics;
  }

  /**
   * {@value #ATTACK_SUCCESS_RATE}, then per attack kind and per OWASP category (enum order), with
   * Wilson's interval; none when no security case got a reply.
   */
  private static List<MetricResult> attackSuccessRates(List<Attempt> attempts, int repeats) {
    List<AttackOutcome> outcomes =
        attempts.stream().map(Attempt::attackOutcome).filter(o -> o != null).toList();
    if (outcomes.isEmpty()) {
      return List.of();
    }
    SecurityMetrics.AttackSuccessRates all = SecurityMetrics.attackSuccessRates(outcomes);
    List<SecurityMetrics.AttackSuccessRates> perRepeat = new ArrayList<>();
    for (int repeat = 0; repeat < repeats; repeat++) {
      int r = repeat;
      perRepeat.add(
          SecurityMetrics.attackSuccessRates(
              attempts.stream()
                  .filter(a -> a.repeat() == r)
                  .map(Attempt::attackOutcome)
                  .filter(o -> o != null)
                  .toList()));
    }
    List<MetricResult> metrics = new ArrayList<>();
    metrics.add(
        rate(
            ATTACK_SUCCESS_RATE,
            all.overall(),
            perRepeat.stream().map(SecurityMetrics.AttackSuccessRates::overall).toList()));
    for (Map.Entry<AttackKind, AttackSuccess> kind : all.byKind().entrySet()) {
      metrics.add(
          rate(
              attackSuccessRate(kind.getKey()),
              kind.getValue(),
              perRepeat.stream().map(rates -> rates.byKind().get(kind.getKey())).toList()));
    }
    for (Map.Entry<OwaspCategory, AttackSuccess> category : all.byCategory().entrySet()) {
      metrics.add(
          rate(
              attackSuccessRate(category.getKey()),
              category.getValue(),
              perRepeat.stream().map(rates -> rates.byCategory().get(category.getKey())).toList()));
    }
    return metrics;
  }

  /**
   * A rate with Wilson's 95% interval over every attempt and, with two repeats or more, the
   * standard deviation of the per-repeat rates (left out when a repeat has no attempt).
   */
  private static MetricResult rate(String name, AttackSuccess all, List<AttackSuccess> perRepeat) {
    Repeats.Interval wilson = Repeats.wilson(all.successes(), all.attempts());
    Double spread = null;
    if (perRepeat.size() >= 2
        && perRepeat.stream().allMatch(r -> r != null && r.rate().isPresent())) {
      spread =
          Repeats.sampleStandardDeviation(
              perRepeat.stream().mapToDouble(r -> r.rate().getAsDouble()).toArray());
    }
    return new MetricResult(
        name,
        all.rate().getAsDouble(),
        spread,
        wilson.lower(),
        wilson.upper(),
        null,
        true,
        all.attempts());
  }

  /**
   * The token metrics, then the cost when priced: means over the attempts whose reply called a
   * model, with the spread of the per-repeat means; NaN with {@code n = 0} when none did.
   */
  private static List<MetricResult> usage(List<Attempt> attempts, int repeats, TokenPrices prices) {
    List<MetricResult> metrics = new ArrayList<>();
    metrics.add(usageMean(attempts, repeats, TOKENS_PER_ANSWER, Reply.Usage::totalTokens));
    metrics.add(usageMean(attempts, repeats, INPUT_TOKENS_PER_ANSWER, Reply.Usage::inputTokens));
    metrics.add(usageMean(attempts, repeats, OUTPUT_TOKENS_PER_ANSWER, Reply.Usage::outputTokens));
    if (prices != null) {
      metrics.add(usageMean(attempts, repeats, COST_PER_ANSWER, prices::cost));
    }
    return metrics;
  }

  private static MetricResult usageMean(
      List<Attempt> attempts, int repeats, String name, ToDoubleFunction<Reply.Usage> value) {
    Function<Collection<Attempt>, OptionalDouble> mean =
        group ->
            group.stream()
                .filter(attempt -> attempt.usage() != null)
                .mapToDouble(attempt -> value.applyAsDouble(attempt.usage()))
                .average();
    int n = (int) attempts.stream().filter(attempt -> attempt.usage() != null).count();
    return withSpread(name, mean.apply(attempts), n, perRepeat(attempts, repeats, mean));
  }

  /**
   * The nearest-rank percentile of sorted values: the value at rank {@code ceil(p/100 · n)}; NaN
   * when there is none.
   */
  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static MetricResult meanOver(List<Attempt> attempts, int repeats, String name) {
    Function<Collection<Attempt>, OptionalDouble> mean =
        group ->
            group.stream()
                .map(attempt -> attempt.score().metrics().get(name))
                .filter(value -> value != null)
                .mapToDouble(Double::doubleValue)
                .average();
    int n = (int) attempts.stream().filter(a -> a.score().metrics().containsKey(name)).count();
    return withSpread(name, mean.apply(attempts), n, perRepeat(attempts, repeats, mean));
  }

  private static MetricResult fallback(
      List<Attempt> attempts,
      int repeats,
      String name,
      Function<FallbackScores, OptionalDouble> rate) {
    Function<Collection<Attempt>, FallbackScores> scores =
        group ->
            FallbackMetrics.score(
                group.stream()
                    .filter(attempt -> attempt.score().replied() && attempt.judgesFallback())
                    .map(
                        a ->
                            new FallbackOutcome(a.caseId(), a.mustFallBack(), a.score().fellBack()))
                    .toList());
    FallbackScores all = scores.apply(attempts);
    int n =
        switch (name) {
          case FALLBACK_PRECISION -> all.correctFallbacks() + all.falseFallbacks();
          case FALLBACK_RECALL -> all.correctFallbacks() + all.missedFallbacks();
          default -> all.falseFallbacks() + all.correctAnswers();
        };
    return withSpread(
        name,
        rate.apply(all),
        n,
        perRepeat(attempts, repeats, group -> rate.apply(scores.apply(group))));
  }

  private static MetricResult passedShare(List<Attempt> attempts, int repeats) {
    int passed = (int) attempts.stream().filter(attempt -> attempt.score().passed()).count();
    if (attempts.isEmpty()) {
      return MetricResult.of(CASES_PASSED_SHARE, Double.NaN, 0);
    }
    Repeats.Interval wilson = Repeats.wilson(passed, attempts.size());
    Double spread = null;
    if (repeats >= 2) {
      double[] shares =
          perRepeat(
                  attempts,
                  repeats,
                  group ->
                      group.isEmpty()
                          ? OptionalDouble.empty()
                          : OptionalDouble.of(
                              group.stream().filter(a -> a.score().passed()).count()
                                  / (double) group.size()))
              .stream()
              .mapToDouble(OptionalDouble::getAsDouble)
              .toArray();
      spread = Repeats.sampleStandardDeviation(shares);
    }
    return new MetricResult(
        CASES_PASSED_SHARE,
        wilson.estimate(),
        spread,
        wilson.lower(),
        wilson.upper(),
        null,
        true,
        attempts.size());
  }

  private static MetricResult withSpread(
      String name, OptionalDouble value, int n, List<OptionalDouble> perRepeat) {
    if (value.isEmpty()) {
      return MetricResult.of(name, Double.NaN, 0);
    }
    if (perRepeat.size() < 2 || perRepeat.stream().anyMatch(OptionalDouble::isEmpty)) {
      return MetricResult.of(name, value.getAsDouble(), n);
    }
    double[] values = perRepeat.stream().mapToDouble(OptionalDouble::getAsDouble).toArray();
    Repeats.Interval interval = Repeats.meanInterval(values);
    return new MetricResult(
        name,
        value.getAsDouble(),
        Repeats.sampleStandardDeviation(values),
        interval.lower(),
        interval.upper(),
        null,
        true,
        n);
  }

  private static List<OptionalDouble> perRepeat(
      List<Attempt> attempts, int repeats, Function<Collection<Attempt>, OptionalDouble> value) {
    List<OptionalDouble> values = new ArrayList<>();
    for (int repeat = 0; repeat < repeats; repeat++) {
      int r = repeat;
      values.add(value.apply(attempts.stream().filter(a -> a.repeat() == r).toList()));
    }
    return values;
  }
}
