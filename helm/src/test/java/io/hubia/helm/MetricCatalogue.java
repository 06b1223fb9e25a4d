package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names of docs/metrics.md: the first cell of its tables and the JVM lists. A name with
 * a placeholder ({@code _<controller>}) stands for any lower-case word; histograms, summaries and
 * timers (type column, or a JVM name in seconds) also stand for their {@code _bucket}, {@code
 * _count}, {@code _sum} and {@code _max} series. {@code up} is Prometheus' own.
 */
record MetricCatalogue(Set<String> names, Set<String> distributions, List<Pattern> patterns) {
  private static final Pattern CODE = Pattern.compile("`([a-z][a-z0-9_]*(?:<[a-z]+>)?)`");
  private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

  static MetricCatalogue read(Path metricsMd) throws IOException {
    Set<String> names = new TreeSet<>(Set.of("up"));
    Set<String> distributions = new TreeSet<>();
    List<Pattern> patterns = new ArrayList<>();
    boolean jvm = false;
    for (String line : Files.readAllLines(metricsMd)) {
      if (line.startsWith("#")) {
        jvm = line.startsWith("### JVM");
      }
      List<String> found = new ArrayList<>();
      boolean distribution = false;
      if (line.startsWith("| `")) {
        String[] cells = line.split("\\|");
        found.addAll(codes(cells[1]));
        distribution = cells.length > 2 && cells[2].matches(".*(histogram|summary|timer).*");
      } else if (jvm) {
        codes(line).stream().filter(c -> c.contains("_")).forEach(found::add);
      }
      for (String name : found) {
        if (name.contains("<")) {
          patterns.add(
              Pattern.compile(Pattern.quote(name.substring(0, name.indexOf('<'))) + "[a-z]+"));
        } else {
          names.add(name);
          if (distribution || (jvm && name.endsWith("_seconds"))) {
            distributions.add(name);
          }
        }
      }
    }
    assertThat(names).as("metric names read from " + metricsMd).hasSizeGreaterThan(50);
    return new MetricCatalogue(names, distributions, patterns);
  }

  private static List<String> codes(String text) {
    List<String> codes = new ArrayList<>();
    Matcher m = CODE.matcher(text);
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }

  boolean knows(String metric) {
    if (names.contains(metric) || patterns.stream().anyMatch(p -> p.matcher(metric).matches())) {
      return true;
    }
    return SUFFIXES.stream()
        .anyMatch(
            suffix ->
                metric.endsWith(suffix)
                    && distributions.contains(
                        metric.substring(0, metric.length() - suffix.length())));
  }
}
