package io.hubia.runtime.answer.model;

import dev.langchain4j.model.output.TokenUsage;

/**
 * The model calls of one request and the tokens they used, as the models reported them: question
 * rewriting, routing, answering, every retry and fallback model of the chain. One per request, the
 * only count of a request's tokens: its reply's {@code usage}, its audit event and the token
 * budgets read it.
 *
 * <p>A call that failed without a response (timeout, HTTP error) counts as a call, with no token; a
 * response without token usage, likewise. Thread-safe.
 */
public final class ModelUsage {
  private long inputTokens;
  private long outputTokens;
  private int calls;

  /** Records one call and the tokens of its response ({@code null}: none reported, or failed). */
  public synchronized void record(TokenUsage usage) {
    calls++;
    if (usage != null) {
      inputTokens += usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
      outputTokens += usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    }
  }

  /** Tokens sent to the models. */
  public synchronized long inputTokens() {
    return inputTokens;
  }

  /** Tokens the models produced. */
  public synchronized long outputTokens() {
    return outputTokens;
  }

  /** Model calls made, failed ones included. */
  public synchronized int calls() {
    return calls;
  }
}
