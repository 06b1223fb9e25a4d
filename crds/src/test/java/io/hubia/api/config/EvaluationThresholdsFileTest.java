package io.hubia.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hubia.api.v1alpha1.spec.EvaluationSpec;
import io.hubia.api.v1alpha1.spec.MetricThreshold;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationThresholdsFileTest {
  private static MetricThreshold threshold(String metric, Double min, Double max) {
    MetricThreshold threshold = new MetricThreshold();
    threshold.setMetric(metric);
    threshold.setMin(min);
    threshold.setMax(max);
    return threshold;
  }

  @Test
  void everyThresholdBecomesAMinMaxEntryTheEvalCommandReads() throws Exception {
    EvaluationSpec spec = new EvaluationSpec();
    spec.setThresholds(
        List.of(
            threshold("golden.citation_recall", 0.85, null),
            threshold("injection.attack_success_rate", null, 0.0),
            threshold("false_fallback_rate", 0.0, 0.15)));
    Map<String, Object> parsed =
        new ObjectMapper(new YAMLFactory())
            .readValue(EvaluationThresholdsFile.render(spec), new TypeReference<>() {});
    assertThat(parsed)
        .containsEntry("golden.citation_recall", Map.of("min", 0.85))
        .containsEntry("injection.attack_success_rate", Map.of("max", 0.0))
        .containsEntry("false_fallback_rate", Map.of("min", 0.0, "max", 0.15))
        .hasSize(3);
  }

  @Test
  void noThresholdsIsAnEmptyMap() throws Exception {
    assertThat(
            new ObjectMapper(new YAMLFactory())
                .readValue(EvaluationThresholdsFile.render(new EvaluationSpec()), Map.class))
        .isEmpty();
  }
}
