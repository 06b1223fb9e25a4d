package io.hubia.runtime.api;

/**
 * A request refused by a limit of the PolicySet: 429 problem details with a {@code Retry-After}
 * header ({@link ProblemMappers}), which OpenAI clients and HTTP libraries honour.
 */
public class LimitExceededException extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** The status of every refusal by a limit. */
  public static final int STATUS = 429;

  private final long retryAfterSeconds;

  /**
   * @param type {@link ProblemTypes#RATE_LIMITED} or {@link ProblemTypes#TOKEN_BUDGET_EXHAUSTED}
   * @param title the kind of limit
   * @param detail which limit, and its value; nothing about other callers
   * @param retryAfterSeconds when a retry may succeed, at least 1
   */
  public LimitExceededException(String type, String title, String detail, long retryAfterSeconds) {
    super(type, title, STATUS, detail);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** The value of {@code Retry-After}: seconds to wait. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
