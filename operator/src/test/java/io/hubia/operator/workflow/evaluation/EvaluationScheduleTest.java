package io.hubia.operator.workflow.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.v1alpha1.status.EvaluationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationScheduleTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");
  private static final EvaluationTarget TARGET =
      new EvaluationTarget(3, "0123456789abcdef0123", List.of("guides=7"));

  private static EvaluationStatus evaluated(String result, String completed) {
    EvaluationStatus status = new EvaluationStatus();
    status.setResult(result);
    status.setGenerationEvaluated(3L);
    status.setRevision("0123456789ab");
    status.setIndexGenerations(List.of("guides=7"));
    status.setCompletionTime(completed);
    return status;
  }

  @Test
  void dailyScheduleCameDueAtThreeAndComesDueTomorrow() {
    EvaluationSchedule schedule = EvaluationSchedule.parse("0 3 * * *");
    assertThat(schedule.lastDue(NOW)).contains(Instant.parse("2026-11-29T03:00:00Z"));
    assertThat(schedule.untilNext(NOW)).contains(Duration.ofHours(16).plusMinutes(30));
    assertThat(EvaluationSchedule.parse("@daily").lastDue(NOW))
        .contains(Instant.parse("2026-11-29T00:00:00Z"));
  }

  @Test
  void notAScheduleIsRefused() {
    assertThatThrownBy(() -> EvaluationSchedule.parse("every day"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTargetNotYetEvaluatedIsAChange() {
    assertThat(Evaluations.trigger(TARGET, null, null, NOW)).isEqualTo("change");
    EvaluationStatus otherContent = evaluated("Passed", "2026-11-29T09:00:00Z");
    otherContent.setIndexGenerations(List.of("guides=6"));
    assertThat(Evaluations.trigger(TARGET, otherContent, null, NOW)).isEqualTo("change");
    EvaluationStatus running = evaluated("Running", null);
    assertThat(Evaluations.trigger(TARGET, running, null, NOW))
        .as("a running status is not an evaluation of the target")
        .isEqualTo("change");
  }

  @Test
  void anEvaluatedTargetRunsAgainOnlyWhenTheScheduleCameDueSince() {
    EvaluationSchedule daily = EvaluationSchedule.parse("0 3 * * *");
    EvaluationStatus yesterday = evaluated("Failed", "2026-11-28T12:00:00Z");
    EvaluationStatus thisMorning = evaluated("Passed", "2026-11-29T03:05:00Z");
    assertThat(Evaluations.trigger(TARGET, yesterday, null, NOW)).isNull();
    assertThat(Evaluations.trigger(TARGET, yesterday, daily, NOW))
        .isEqualTo("schedule@" + Instant.parse("2026-11-29T03:00:00Z").getEpochSecond());
    assertThat(Evaluations.trigger(TARGET, thisMorning, daily, NOW)).isNull();
    assertThat(Evaluations.trigger(TARGET, evaluated("Error", "2026-11-29T09:00:00Z"), null, NOW))
        .as("an evaluation that could not run is not retried until something changes")
        .isNull();
  }
}
