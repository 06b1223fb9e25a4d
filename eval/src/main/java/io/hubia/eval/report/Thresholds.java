package io.hubia.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
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
 * <p>A value is {@code >= x} or {@code <= x} ({@code ≥} and {@code ≤} are accepted too), or a plain
 * number, which means {@code >= x}. Every metric the harness computes is a score or a rate, so a
 * bound must lie between 0 and 1. A metric without a threshold passes and is reported as {@value
 * MetricResult#NO_THRESHOLD}.
 */
public final class Thresholds {
  private static final Pattern EXPRESSION =
      Pattern.compile("^\\s*([<>=!≥≤]*)\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*$");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(
          "threshold must be a number or a text such as \">= 0.8\", not " + value);
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

  private static Threshold checked(double bound, Threshold.Direction direction) {
    if (!Double.isFinite(bound) || bound < 0 || bound > 1) {
      throw new IllegalArgumentException(
          "threshold " + bound + " is out of range; metrics are scores or rates between 0 and 1");
    }
    return new Threshold(bound, direction);
  }

  /** The threshold of {@code metric}, if it has one. */
  public Optional<Threshold> of(String metric) {
    return Optional.ofNullable(byMetric.get(metric));
  }

  /** Every threshold by metric name, in the order they were written. */
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

  /** Every metric held against its threshold, in order. */
  public List<MetricResult> evaluate(List<MetricResult> metrics) {
    return metrics.stream().map(this::evaluate).toList();
  }
}
