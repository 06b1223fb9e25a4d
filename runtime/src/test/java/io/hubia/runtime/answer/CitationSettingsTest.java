package io.hubia.runtime.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.spec.CitationSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CitationSettingsTest {
  @Test
  void defaultsApplyToWhatTheSpecLeavesUnset() {
    assertThat(CitationSettings.from(null)).isEqualTo(new CitationSettings(0.5, 0.2, 0.5));
    assertThat(CitationSettings.from(new CitationSpec())).isEqualTo(CitationSettings.DEFAULTS);
    CitationSpec spec = new CitationSpec();
    spec.setMinSupportScore(0.7);
    spec.setMinSupportedShare(1.0);
    assertThat(CitationSettings.from(spec)).isEqualTo(new CitationSettings(0.7, 0.2, 1.0));
    spec.setMinRetrievalScore(0.0);
    assertThat(CitationSettings.from(spec).minRetrievalScore()).isZero();
  }

  @Test
  void refusesValuesOutside0To1() {
    assertThatThrownBy(() -> new CitationSettings(1.5, 0.2, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minSupportScore");
    assertThatThrownBy(() -> new CitationSettings(0.5, Double.NaN, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void relevantEnoughComparesTheBestEvidence() {
    List<Evidence> evidence =
        List.of(
            new Evidence(1, AnswerFixtures.chunk("a", "A", "a"), 0.1),
            new Evidence(2, AnswerFixtures.chunk("b", "B", "b"), 0.25));
    assertThat(CitationSettings.DEFAULTS.relevantEnough(evidence)).isTrue();
    assertThat(new CitationSettings(0.5, 0.3, 0.5).relevantEnough(evidence)).isFalse();
    assertThat(CitationSettings.DEFAULTS.relevantEnough(List.of())).isFalse();
  }
}
