package io.hubia.runtime.answer;

/**
 * Writes an answer from the evidence. Implementations: the extractive answerer (no model) and the
 * model answerer (langchain4j chat models with a fallback chain). Whatever writes it, every draft
 * goes through the citation verifier before it reaches the caller.
 */
public interface Answerer {
  /**
   * @throws AnswererException when no answer could be written (a model down, timing out or
   *     answering garbage); the caller then tries the next answerer or falls back
   */
  DraftAnswer answer(AnswerRequest request) throws AnswererException;
}
