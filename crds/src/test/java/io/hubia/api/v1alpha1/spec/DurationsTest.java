package io.hubia.api.v1alpha1.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsEveryUnitAndTheirSums() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1h5m30s")).isEqualTo(Duration.ofSeconds(3930));
  }

  @Test
  void refusesWhatThePatternRefuses() {
    assertThatThrownBy(() -> Durations.parse("1 h")).hasMessageContaining("1h30m");
    assertThatThrownBy(() -> Durations.parse("PT1H")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
