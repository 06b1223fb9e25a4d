package io.hubia.eval;

/** A golden set that cannot be used as written; the message names the file, line and case. */
public class InvalidGoldenSetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message meant for the person who wrote the golden set. */
  public InvalidGoldenSetException(String message) {
    super(message);
  }

  /** Creates the exception with the parser error that caused it. */
  public InvalidGoldenSetException(String message, Throwable cause) {
    super(message, cause);
  }
}
