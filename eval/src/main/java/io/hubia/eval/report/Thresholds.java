package io.hubia.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The thresholds of an evaluation, one per metric, read from a map such as {@code
 * {"citation_recall": ">= 0.8", "false_fallback_rate": "<= 0.1"}}.
 *
 * <p>A value is {@code >= x} or {@code <= x} ({@code ≥} and {@code ≤} are accepted too), a plain
 * number, which means {@code >= x}, or a map {@code {min: x, max: y}} with either bound or both
 * ({@code {min: 0.8}} is {@code >= 0.8}; with both, the metric must lie in the range). Every metric
 * the harness computes is a score or a rate, so a bound must lie between 0 and 1. A metric without
 * a threshold passes and is reported as {@value MetricResult#NO_THRESHOLD}.
 *
 * <p>A key is a metric name ({@code citation_recall}), which applies to every suite of the run, or
 * a suite name, a dot and a metric name ({@code injection.attack_success_rate}), which applies to
 * that suite only and wins over the unprefixed one. Metric names hold no dot, so the suite is what
 * comes before the last one.
 */
public final class Thresholds {
  private static final Pattern EXPRESSION =
      Pattern.compile("^\\s*([<>=!≥≤]*)\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*$");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern KEY = Pattern.compile("(?:([^\\s.][^\\s]*)\\.)?([^\\s.]+)");

  private final Map<String, Threshold> byMetric;

  private Thresholds(Map<String, Threshold> byMetric) {
    this.byMetric = Collections.unmodifiableMap(byMetric);
  }

  /** No thresholds: every metric passes. */
  public static Thresholds none() {
    return new Thresholds(new LinkedHashMap<>());
  }

  /**
   * Reads thresholds from YAML or JSON text (JSON is YAML). All problems are reported at once.
   *
   * @throws IllegalArgumentException when the text is not a map or a threshold is invalid
   */
  public static Thresholds parse(String yamlOrJson) {
    if (yamlOrJson == null || yamlOrJson.isBlank()) {
      return none();
    }
    Map<String, Object> raw;
    try {
      raw = YAML.readValue(yamlOrJson, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "thresholds must be a map of metric name to threshold, such as"
              + " {\"citation_recall\": \">= 0.8\"}: "
              + e.getOriginalMessage(),
          e);
    }
    return parse(raw == null ? Map.of() : raw);
  }

  /**
   * Reads thresholds from an already parsed map; values are strings such as {@code ">= 0.8"} or
   * numbers. All problems are reported at once, one per line.
   *
   * @throws IllegalArgumentException when a threshold is invalid
   */
  public static Thresholds parse(Map<String, ?> raw) {
    Map<String, Threshold> parsed = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, ?> entry : raw.entrySet()) {
      String metric = entry.getKey() == null ? "" : entry.getKey().strip();
      if (metric.isEmpty()) {
        problems.add("a threshold has no metric name");
        continue;
      }
      if (!KEY.matcher(metric).matches()) {
        problems.add(
            "metric '"
                + metric
                + "': write a metric name (citation_recall) or a suite, a dot and a metric name"
                + " (injection.attack_success_rate)");
        continue;
      }
      try {
        Threshold threshold = parseOne(entry.getValue());
        if (parsed.putIfAbsent(metric, threshold) != null) {
          problems.add("metric '" + metric + "' has two thresholds");
        }
      } catch (IllegalArgumentException e) {
        problems.add("metric '" + metric + "': " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid thresholds:\n- " + String.join("\n- ", problems));
    }
    return new Thresholds(parsed);
  }

  private static Threshold parseOne(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("threshold is empty; write e.g. \">= 0.8\"");
    }
    if (value instanceof Number number) {
      return checked(number.doubleValue(), Threshold.Direction.AT_LEAST);
    }
    if (value instanceof Map<?, ?> range) {
      return range(range);
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(
          "threshold must be a number or a text such as \">= 0.8\", or {min: 0.8, max: 1.0}, not "
              + value);
    }
    Matcher matcher = EXPRESSION.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "cannot read threshold '" + text + "'; write \">= 0.8\", \"<= 0.1\" or a number");
    }
    String operator = matcher.group(1);
    double bound = Double.parseDouble(matcher.group(2));
    return switch (operator) {
      case "", ">=", "≥" -> checked(bound, Threshold.Direction.AT_LEAST);
      case "<=", "≤" -> checked(bound, Threshold.Direction.AT_MOST);
      default ->
          throw new IllegalArgumentException(
              "unknown operator '" + operator + "' in '" + text + "'; use >= or <=");
    };
  }

  /** {@code {min: x}}, {@code {max: y}} or {@code {min: x, max: y}}. */
  private static Threshold range(Map<?, ?> range) {
    for (Object key : range.keySet()) {
      if (!"min".equals(key) && !"max".equals(key)) {
        throw new IllegalArgumentException(
            "unknown key '" + key + "' in " + range + "; a range has 'min', 'max' or both");
      }
    }
    Double min = bound(range, "min");
    Double max = bound(range, "max");
    if (min == null && max == null) {
      throw new IllegalArgumentException("a range needs 'min', 'max' or both, as {min: 0.8}");
    }
    if (max == null) {
      return checked(min, Threshold.Direction.AT_LEAST);
    }
    if (min == null) {
      return checked(max, Threshold.Direction.AT_MOST);
    }
    checked(min, Threshold.Direction.AT_LEAST);
    checked(max, Threshold.Direction.AT_MOST);
    if (min > max) {
      throw new IllegalArgumentException(
          "min " + min + " is above max " + max + "; no value could meet the range");
    }
    return Threshold.between(min, max);
  }

  private static Double bound(Map<?, ?> range, String key) {
    Object value = range.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.strip());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("'" + key + "' must be a number, not '" + value + "'");
  }

  private static Threshold checked(double bound, Threshold.Direction direction) {
    if (!Double.isFinite(bound) || bound < 0 || bound > 1) {
      throw new IllegalArgumentException(
          "threshold " + bound + " is out of range; metrics are scores or rates between 0 and 1");
    }
    return new Threshold(bound, direction);
  }

  /** The threshold written under the key {@code metric} exactly, if there is one. */
  public Optional<Threshold> of(String metric) {
    return Optional.ofNullable(byMetric.get(metric));
  }

  /**
   * The threshold of {@code metric} in a suite known by any of {@code suiteNames}: one written with
   * one of those names as prefix ({@code injection.attack_success_rate}), else the unprefixed one.
   */
  public Optional<Threshold> of(String metric, Collection<String> suiteNames) {
    for (String suite : suiteNames) {
      Threshold threshold = byMetric.get(suite + "." + metric);
      if (threshold != null) {
        return Optional.of(threshold);
      }
    }
    return of(metric);
  }

  /**
   * The metrics with a threshold written for a suite known by any of {@code suiteNames} (with its
   * prefix), in the order they were written.
   */
  public List<String> prefixedFor(Collection<String> suiteNames) {
    List<String> metrics = new ArrayList<>();
    for (String key : byMetric.keySet()) {
      suiteOf(key).filter(suiteNames::contains).ifPresent(suite -> metrics.add(metricOf(key)));
    }
    return metrics;
  }

  /**
   * The metric name of a key: {@code attack_success_rate} for {@code
   * injection.attack_success_rate}.
   */
  public static String metricOf(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  /**
   * The suite prefix of a key, if it has one: {@code injection} for {@code
   * injection.attack_success_rate}.
   */
  public static Optional<String> suiteOf(String key) {
    int dot = key.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : Optional.of(key.substring(0, dot));
  }

  /**
   * Every threshold by key (metric name, or suite and metric name), in the order they were written.
   */
  public Map<String, Threshold> asMap() {
    return byMetric;
  }

  /**
   * The metric held against its threshold: passed when it meets it, or when it has none (the metric
   * is then reported as {@value MetricResult#NO_THRESHOLD}).
   */
  public MetricResult evaluate(MetricResult metric) {
    return metric.against(byMetric.get(metric.name()));
  }

  /**
   * The metric of a suite known by any of {@code suiteNames} held against its threshold ({@link
   * #of(String, Collection)}).
   */
  public MetricResult evaluate(MetricResult metric, Collection<String> suiteNames) {
    return evaluate(metric, suiteNames, false);
  }

  /**
   * The metric of a suite held against its threshold. A threshold written for the suite (with its
   * prefix) always holds, and fails a metric the suite did not measure. An unprefixed one does not
   * hold where the suite measured nothing ({@code n = 0}) but another suite of the run measured the
   * metric ({@code measuredElsewhere}): one thresholds file then serves a golden set and an attack
   * suite together, and a threshold that no suite of the run measures still fails.
   */
  public MetricResult evaluate(
      MetricResult metric, Collection<String> suiteNames, boolean measuredElsewhere) {
    for (String suite : suiteNames) {
      Threshold prefixed = byMetric.get(suite + "." + metric.name());
      if (prefixed != null) {
        return metric.against(prefixed);
      }
    }
    boolean notHere = metric.n() == 0 && measuredElsewhere;
    return metric.against(notHere ? null : byMetric.get(metric.name()));
  }

  /** Every metric held against its threshold, in order. */
  public List<MetricResult> evaluate(List<MetricResult> metrics) {
    return metrics.stream().map(this::evaluate).toList();
  }
}
