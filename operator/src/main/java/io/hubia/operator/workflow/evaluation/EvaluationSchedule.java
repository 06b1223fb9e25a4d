package io.hubia.operator.workflow.evaluation;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * When {@code spec.evaluation.schedule} last came due and when it comes due next, in UTC, as a
 * CronJob would read it (five fields, or one of the {@code @daily}-style macros).
 */
public final class EvaluationSchedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private final ExecutionTime times;

  private EvaluationSchedule(ExecutionTime times) {
    this.times = times;
  }

  /**
   * The schedule of a cron expression.
   *
   * @throws IllegalArgumentException when the expression is not a valid schedule
   */
  public static EvaluationSchedule parse(String expression) {
    String cron = MACROS.getOrDefault(expression.strip(), expression.strip());
    return new EvaluationSchedule(ExecutionTime.forCron(PARSER.parse(cron)));
  }

  /** The last time the schedule came due at or before {@code now}. */
  public Optional<Instant> lastDue(Instant now) {
    return times
        .lastExecution(ZonedDateTime.ofInstant(now, ZoneOffset.UTC))
        .map(t -> t.toInstant());
  }

  /** How long until the schedule next comes due after {@code now}. */
  public Optional<Duration> untilNext(Instant now) {
    return times.timeToNextExecution(ZonedDateTime.ofInstant(now, ZoneOffset.UTC));
  }
}
