package io.hubia.eval.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.eval.report.CaseResult;
import io.hubia.eval.report.EvaluationReport;
import io.hubia.eval.report.MetricResult;
import io.hubia.eval.report.ReportOutcome;
import io.hubia.eval.report.Threshold;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The compact JSON summary of a run that an evaluation Job leaves as its termination message, for
 * the operator to copy into the AgentWorkflow's {@code status.evaluation}. It has the shape of the
 * CRD's {@code EvaluationStatus}: {@code result}, {@code score}, {@code completionTime} and {@code
 * suites} of {@code {name, cases, passed, metrics: [{name, value, confidenceInterval, min, max,
 * passed}]}}, plus {@code truncated} when something had to be left out.
 *
 * <p>{@code result} is the run's verdict ({@code Passed} when every metric with a threshold meets
 * it, as the exit code). {@code score} is the mean over the suites of each suite's {@code
 * cases_passed_share} (share of its attempts that passed), rounded to 4 digits. A suite's metrics
 * are the run's metrics over its attempts only, held against the same thresholds; a metric that
 * applies to nothing in the suite is left out (unless it applies to nothing in the whole run and
 * has a threshold: that is what failed the run). A suite {@code passed} when each of its metrics
 * with a threshold does. {@code value} and {@code confidenceInterval} (half-width of the 95%
 * interval) are rounded to 4 digits; {@code min}/{@code max} are the threshold's bound.
 *
 * <p>The summary is at most {@value #MAX_BYTES} bytes (Kubernetes keeps 4096 of a termination
 * message). When the full one is larger, this is left out, in order, until it fits: the metrics
 * without a threshold, the per-kind breakdowns (metrics with a qualified name such as {@code
 * attack_success_rate.direct}), the metrics that passed, every metric, then suites from the last.
 */
public final class StatusSummary {
  /** The largest summary written, in UTF-8 bytes. */
  public static final int MAX_BYTES = 4000;

  /** The longest error message written, in characters. */
  public static final int MAX_MESSAGE = 1000;

  static final String PASSED = "Passed";
  static final String FAILED = "Failed";
  static final String ERROR = "Error";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusSummary() {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"result", "score", "completionTime", "truncated", "message", "suites"})
  record Summary(
      String result,
      Double score,
      String completionTime,
      Boolean truncated,
      String message,
      List<Suite> suites) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "cases", "passed", "metrics"})
  record Suite(String name, int cases, boolean passed, List<Metric> metrics) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"name", "value", "confidenceInterval", "min", "max", "passed"})
  record Metric(
      String name,
      Double value,
      Double confidenceInterval,
      Double min,
      Double max,
      Boolean passed) {

    boolean thresholded() {
      return passed != null;
    }

    boolean breakdown() {
      return name.indexOf('.') >= 0 || name.indexOf(':') >= 0 || name.indexOf('/') >= 0;
    }
  }

  /**
   * The summary of a run.
   *
   * @param report the run's report (verdict, cases, completion time)
   * @param suiteMetrics the metrics of each suite, thresholds held ({@link
   *     Evaluation#suiteMetrics()})
   */
  public static String of(EvaluationReport report, Map<String, List<MetricResult>> suiteMetrics) {
    Set<String> unmeasuredGates =
        report.metrics().stream()
            .filter(m -> m.hasThreshold() && m.n() == 0)
            .map(MetricResult::name)
            .collect(Collectors.toSet());
    List<Suite> suites = new ArrayList<>();
    List<Double> shares = new ArrayList<>();
    for (String name : report.suites()) {
      int cases = (int) report.cases().stream().map(CaseResult::suite).filter(name::equals).count();
      List<Metric> metrics = new ArrayList<>();
      for (MetricResult metric : suiteMetrics.getOrDefault(name, List.of())) {
        if (metric.name().equals(RunMetrics.CASES_PASSED_SHARE) && finite(metric.value())) {
          shares.add(metric.value());
        }
        if (metric.n() > 0 || unmeasuredGates.contains(metric.name())) {
          metrics.add(metric(metric));
        }
      }
      suites.add(new Suite(name, cases, allPassed(metrics), metrics));
    }
    Double score =
        shares.isEmpty()
            ? null
            : round(shares.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    String result = ReportOutcome.exitCode(report) == ReportOutcome.PASSED ? PASSED : FAILED;
    String completion = report.finishedAt().toString();

    String full = json(new Summary(result, score, completion, null, null, suites));
    if (fits(full)) {
      return full;
    }
    List<Predicate<Metric>> keeps =
        List.of(
            Metric::thresholded,
            m -> m.thresholded() && !m.breakdown(),
            m -> m.thresholded() && !m.breakdown() && !m.passed(),
            m -> false);
    for (Predicate<Metric> keep : keeps) {
      suites = suites.stream().map(s -> keepOnly(s, keep)).toList();
      String shorter = json(new Summary(result, score, completion, true, null, suites));
      if (fits(shorter)) {
        return shorter;
      }
    }
    for (int kept = suites.size() - 1; kept >= 0; kept--) {
      String shorter =
          json(new Summary(result, score, completion, true, null, suites.subList(0, kept)));
      if (fits(shorter)) {
        return shorter;
      }
    }
    // unreachable with an ISO-8601 completion time; kept so the bound holds whatever comes in
    return json(new Summary(result, score, null, true, null, List.of()));
  }

  /**
   * The summary of an evaluation that could not run: {@code {"result":"Error","message":...}}, the
   * message on one line and cut to {@value #MAX_MESSAGE} characters. Callers pass messages that
   * hold no token or key, as every message of the command does.
   */
  public static String error(String message) {
    String text = message == null || message.isBlank() ? "the evaluation could not run" : message;
    text = text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "").strip();
    if (text.length() > MAX_MESSAGE) {
      int cut = MAX_MESSAGE - 3;
      if (Character.isHighSurrogate(text.charAt(cut - 1))) {
        cut--;
      }
      text = text.substring(0, cut) + "...";
    }
    return json(new Summary(ERROR, null, null, null, text, null));
  }

  /** Writes a summary to {@code file} (e.g. {@code /dev/termination-log}), replacing it. */
  public static void write(Path file, String summary) throws IOException {
    Files.write(file, summary.getBytes(StandardCharsets.UTF_8));
  }

  private static Suite keepOnly(Suite suite, Predicate<Metric> keep) {
    return new Suite(
        suite.name(),
        suite.cases(),
        suite.passed(),
        suite.metrics().stream().filter(keep).toList());
  }

  private static boolean allPassed(List<Metric> metrics) {
    return metrics.stream().filter(Metric::thresholded).allMatch(Metric::passed);
  }

  private static Metric metric(MetricResult metric) {
    Double interval =
        metric.ciLow() != null
                && metric.ciHigh() != null
                && finite(metric.ciLow())
                && finite(metric.ciHigh())
            ? round((metric.ciHigh() - metric.ciLow()) / 2)
            : null;
    Threshold threshold = metric.threshold();
    Double min = null;
    Double max = null;
    if (threshold != null) {
      switch (threshold.direction()) {
        case AT_LEAST -> min = threshold.value();
        case AT_MOST -> max = threshold.value();
        case BETWEEN -> {
          min = threshold.value();
          max = threshold.upper();
        }
      }
    }
    return new Metric(
        metric.name(),
        finite(metric.value()) ? round(metric.value()) : null,
        interval,
        min,
        max,
        threshold == null ? null : threshold.isMetBy(metric.value()));
  }

  private static boolean finite(double value) {
    return Double.isFinite(value);
  }

  static double round(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
  }

  private static boolean fits(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }

  private static String json(Summary summary) {
    try {
      return JSON.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
