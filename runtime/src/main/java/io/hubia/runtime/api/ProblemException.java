package io.hubia.runtime.api;

/** Thrown by resources to answer with problem details; see {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String type;
  private final String title;
  private final int status;

  public ProblemException(String type, String title, int status, String detail) {
    super(detail);
    this.type = type;
    this.title = title;
    this.status = status;
  }

  /** The problem details for a request to {@code instance}. */
  public Problem toProblem(String instance) {
    return new Problem(type, title, status, getMessage(), instance);
  }
}
