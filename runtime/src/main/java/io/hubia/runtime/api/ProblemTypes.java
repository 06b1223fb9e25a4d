package io.hubia.runtime.api;

/** The stable {@code type} URIs of the runtime's problem details. Never change one once shipped. */
public final class ProblemTypes {
  public static final String BASE = "https://hubia.io/problems/";

  /** The path names a workflow this runtime does not serve (404). */
  public static final String WORKFLOW_NOT_FOUND = BASE + "workflow-not-found";

  /** No valid runtime configuration is loaded yet (503). */
  public static final String CONFIGURATION_UNAVAILABLE = BASE + "configuration-unavailable";

  /** RFC 9457: the problem is just the HTTP status. */
  public static final String ABOUT_BLANK = "about:blank";

  private ProblemTypes() {}
}
