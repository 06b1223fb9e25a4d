package io.hubia.runtime.config;

/** The runtime configuration file cannot be used: unreadable, malformed or unsupported. */
public class InvalidConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }

  public InvalidConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
