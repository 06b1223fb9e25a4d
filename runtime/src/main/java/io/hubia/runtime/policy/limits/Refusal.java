package io.hubia.runtime.policy.limits;

import io.hubia.runtime.api.LimitExceededException;
import java.time.ZoneId;

/**
 * A request refused by a limit.
 *
 * @param limit which limit
 * @param value its value in the policy (per minute, or per day), not the replica's share
 * @param retryAfterSeconds when a retry may succeed: the time one request takes to come back in the
 *     bucket, or the time to the next day for a budget; at least 1
 * @param zone the zone of the day, for budgets; {@code null} for request limits
 */
public record Refusal(Limit limit, long value, long retryAfterSeconds, ZoneId zone) {

  public Refusal {
    retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /**
   * What the caller is told: which limit and its value, when to retry; never another caller's
   * identity or usage, nor the workflow's total.
   */
  public String detail() {
    return switch (limit) {
      case REQUESTS_SUBJECT ->
          "You sent more requests than this workflow accepts from one caller: "
              + value
              + " per minute. Retry in "
              + retryAfterSeconds
              + " s.";
      case REQUESTS_WORKFLOW ->
          "This workflow receives more requests than it accepts from all its callers together: "
              + value
              + " per minute. Retry in "
              + retryAfterSeconds
              + " s.";
      case TOKENS_SUBJECT ->
          "Your model token budget on this workflow is spent for today: "
              + value
              + " tokens per day for one caller. It is renewed at midnight ("
              + zone
              + "), in "
              + retryAfterSeconds
              + " s.";
      case TOKENS_WORKFLOW ->
          "This workflow's model token budget is spent for today: "
              + value
              + " tokens per day for all its callers together. It is renewed at midnight ("
              + zone
              + "), in "
              + retryAfterSeconds
              + " s.";
    };
  }

  /** The 429 problem of this refusal, with its {@code Retry-After}. */
  public LimitExceededException toException() {
    return new LimitExceededException(
        limit.problemType(), limit.title(), detail(), retryAfterSeconds);
  }
}
