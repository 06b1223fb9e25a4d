package io.hubia.runtime.answer;

/** An answerer could not write an answer; the message says why, never with secrets. */
public class AnswererException extends Exception {
  private final String reason;

  /**
   * @param reason a stable reason for metrics and audit, e.g. {@code model_timeout}
   */
  public AnswererException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public AnswererException(String reason, String message) {
    this(reason, message, null);
  }

  /** Stable reason, e.g. {@code model_timeout}, {@code model_error}, {@code model_garbage}. */
  public String reason() {
    return reason;
  }
}
