package io.hubia.runtime.answer;

import java.util.Objects;

/**
 * An answer before citation verification: plain text (Markdown allowed) whose factual sentences
 * carry citation markers {@code [n]} pointing at {@link Evidence#number()}s; several markers may
 * follow one sentence ({@code [1][3]} or {@code [1, 3]}).
 *
 * @param text the answer
 * @param answeredBy who wrote it: {@code extractive}, or the model's name
 * @param inputTokens tokens sent to the model (0 for the extractive answerer)
 * @param outputTokens tokens the model produced (0 for the extractive answerer)
 */
public record DraftAnswer(String text, String answeredBy, long inputTokens, long outputTokens) {
  public DraftAnswer {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(answeredBy, "answeredBy");
  }

  /** The same draft with another text (an output check cut some of it). */
  public DraftAnswer withText(String newText) {
    return newText.equals(text)
        ? this
        : new DraftAnswer(newText, answeredBy, inputTokens, outputTokens);
  }

  /** A draft written without a model. */
  public static DraftAnswer extractive(String text) {
    return new DraftAnswer(text, "extractive", 0, 0);
  }
}
