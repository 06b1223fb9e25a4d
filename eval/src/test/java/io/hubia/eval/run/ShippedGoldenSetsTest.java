package io.hubia.eval.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.eval.GoldenCase;
import io.hubia.eval.GoldenSetReader;
import io.hubia.eval.report.Thresholds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The golden sets and thresholds shipped in {@code eval/golden/} stay readable as the formats
 * change: every set parses strictly, ids are unique across sets, and every threshold names a metric
 * of the run that can carry one.
 */
class ShippedGoldenSetsTest {
  private static final Path GOLDEN = Path.of("golden");

  @Test
  void theFederationSetsParseWithUniqueIdsAndBothKindsOfCase() throws Exception {
    Set<String> ids = new HashSet<>();
    for (String set : List.of("assistant-federation.yaml", "assistant-site.yaml")) {
      List<GoldenCase> cases = GoldenSetReader.read(GOLDEN.resolve(set));
      assertThat(cases).as(set).isNotEmpty();
      assertThat(cases).as(set + ": cases that must fall back").anyMatch(GoldenCase::mustFallBack);
      assertThat(cases)
          .as(set + ": answerable cases with their sources")
          .anyMatch(c -> !c.mustFallBack() && !c.expectedSources().isEmpty());
      for (GoldenCase c : cases) {
        assertThat(ids.add(c.id())).as("case id %s is unique", c.id()).isTrue();
      }
    }
    assertThat(ids).hasSize(43);
  }

  @Test
  void theThresholdsNameMetricsOfTheRun() throws Exception {
    Thresholds thresholds =
        Thresholds.parse(
            Files.readString(GOLDEN.resolve("thresholds.yaml"), StandardCharsets.UTF_8));
    assertThat(thresholds.asMap()).isNotEmpty();
    assertThat(RunMetrics.NAMES).containsAll(thresholds.asMap().keySet());
    assertThat(thresholds.asMap().keySet()).doesNotContainAnyElementsOf(RunMetrics.UNBOUNDED);
  }
}
