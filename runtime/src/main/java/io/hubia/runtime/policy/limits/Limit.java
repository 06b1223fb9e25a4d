package io.hubia.runtime.policy.limits;

import io.hubia.runtime.api.ProblemTypes;

/** The four limits of a PolicySet's {@code limits}, named as in metrics and audit events. */
public enum Limit {
  /** {@code requestsPerMinutePerSubject}. */
  REQUESTS_SUBJECT("requests_subject", ProblemTypes.RATE_LIMITED, "Too many requests"),
  /** {@code requestsPerMinutePerWorkflow}. */
  REQUESTS_WORKFLOW("requests_workflow", ProblemTypes.RATE_LIMITED, "Too many requests"),
  /** {@code tokensPerDayPerSubject}. */
  TOKENS_SUBJECT("tokens_subject", ProblemTypes.TOKEN_BUDGET_EXHAUSTED, "Token budget exhausted"),
  /** {@code tokensPerDayPerWorkflow}. */
  TOKENS_WORKFLOW("tokens_workflow", ProblemTypes.TOKEN_BUDGET_EXHAUSTED, "Token budget exhausted");

  private final String label;
  private final String problemType;
  private final String title;

  Limit(String label, String problemType, String title) {
    this.label = label;
    this.problemType = problemType;
    this.title = title;
  }

  /** The name in metrics ({@code limit} tag) and in the audit event's {@code limits} decision. */
  public String label() {
    return label;
  }

  /** The problem type of a refusal. */
  public String problemType() {
    return problemType;
  }

  /** The problem title of a refusal. */
  public String title() {
    return title;
  }
}
