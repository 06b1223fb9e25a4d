package io.hubia.runtime.answer.model;

import io.hubia.runtime.answer.AnswererException;

/**
 * A model could not write an answer. The reason is one of {@link ModelAnswerer#TIMEOUT}, {@link
 * ModelAnswerer#ERROR}, {@link ModelAnswerer#GARBAGE} and {@link ModelAnswerer#REFUSED}; the
 * message names the model and what happened, never a secret nor the server's response body.
 */
public final class ModelException extends AnswererException {
  private final String model;
  private final boolean retriable;

  public ModelException(
      String model, String reason, boolean retriable, String message, Throwable cause) {
    super(reason, message, cause);
    this.model = model;
    this.retriable = retriable;
  }

  /** The name of the model that failed. */
  public String model() {
    return model;
  }

  /**
   * Whether trying the same model again may help: false for a refusal or a request the server
   * rejects as such (authentication, unknown model, invalid request).
   */
  public boolean retriable() {
    return retriable;
  }
}
