package io.hubia.runtime.api;

/** The stable {@code type} URIs of the runtime's problem details. Never change one once shipped. */
public final class ProblemTypes {
  public static final String BASE = "https://hubia.io/problems/";

  /** The path names a workflow this runtime does not serve (404). */
  public static final String WORKFLOW_NOT_FOUND = BASE + "workflow-not-found";

  /** No valid runtime configuration is loaded yet (503). */
  public static final String CONFIGURATION_UNAVAILABLE = BASE + "configuration-unavailable";

  /** The request body or parameters are invalid (400). */
  public static final String INVALID_REQUEST = BASE + "invalid-request";

  /** No {@code Authorization: Bearer} header (401). */
  public static final String AUTHENTICATION_REQUIRED = BASE + "authentication-required";

  /**
   * The bearer token was rejected: malformed, expired, untrusted issuer, bad signature... (401).
   */
  public static final String INVALID_TOKEN = BASE + "invalid-token";

  /** The identity provider's keys cannot be fetched, so no token can be checked (503). */
  public static final String IDENTITY_UNAVAILABLE = BASE + "identity-unavailable";

  /** The audit event cannot be written: no audit record, no answer (503). */
  public static final String AUDIT_UNAVAILABLE = BASE + "audit-unavailable";

  /** The caller may not use this workflow or action (403). */
  public static final String FORBIDDEN = BASE + "forbidden";

  /** OpenSearch cannot be reached: no answer without retrieval (503). */
  public static final String SEARCH_UNAVAILABLE = BASE + "search-unavailable";

  /** A verification of the audit trail is already running in this runtime (409). */
  public static final String VERIFICATION_RUNNING = BASE + "verification-running";

  /**
   * Too many requests per minute from this caller, or to this workflow from all its callers (429,
   * with {@code Retry-After}).
   */
  public static final String RATE_LIMITED = BASE + "rate-limited";

  /**
   * The model tokens of the day are spent, the caller's or the workflow's (429, with {@code
   * Retry-After}: the start of the next day).
   */
  public static final String TOKEN_BUDGET_EXHAUSTED = BASE + "token-budget-exhausted";

  /**
   * The question reads as a prompt-injection attempt and the policy refuses such questions ({@code
   * PolicySet spec.injection.onDetection: Refuse}, 400). The detail never repeats the question.
   */
  public static final String INJECTION_SUSPECTED = BASE + "injection-suspected";

  /**
   * The request waits for a human's approval (409, with {@code requestId}, {@code deadline} and a
   * {@code Location} where the caller fetches the result once decided).
   */
  public static final String APPROVAL_PENDING = BASE + "approval-pending";

  /** An approver decides a request that is already decided (409). */
  public static final String APPROVAL_DECIDED = BASE + "approval-decided";

  /** No approval request of this id for this workflow and caller (404). */
  public static final String APPROVAL_NOT_FOUND = BASE + "approval-not-found";

  /**
   * Nothing here at this path: an evaluation shadow that does not exist (or no longer), or the
   * evaluation shadow endpoints while {@code hubia.evaluation.shadows-enabled} is false (404).
   */
  public static final String NOT_FOUND = BASE + "not-found";

  /** A workflow already has the most live evaluation shadows allowed (409). */
  public static final String SHADOW_LIMIT_REACHED = BASE + "shadow-limit-reached";

  /** RFC 9457: the problem is just the HTTP status. */
  public static final String ABOUT_BLANK = "about:blank";

  private ProblemTypes() {}
}
