package io.hubia.runtime.answer;

import io.hubia.api.v1alpha1.spec.Language;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link Answerer} is asked.
 *
 * @param question the standalone question (follow-ups already rewritten)
 * @param language language the answer must be written in
 * @param evidence the retrieved chunks the caller may read, numbered from 1; may be empty
 * @param history earlier turns of the conversation, oldest first; may be empty
 * @param systemPrompt the system prompt of the route or workflow, or {@code null} for Hubia's
 */
public record AnswerRequest(
    String question,
    Language language,
    List<Evidence> evidence,
    List<Turn> history,
    String systemPrompt) {
  public AnswerRequest {
    Objects.requireNonNull(question, "question");
    language = language == null ? Language.FR : language;
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    history = history == null ? List.of() : List.copyOf(history);
  }
}
