package io.hubia.runtime.answer;

import java.util.List;

/**
 * One earlier exchange of a conversation, oldest first in a history.
 *
 * @param question the question as the caller asked it
 * @param standaloneQuestion the question rewritten to stand alone (equal to {@code question} when
 *     it needed no rewriting)
 * @param answer the answer returned (the fallback message when the turn fell back)
 * @param sourceLabels the labels of each source the answer cited, so that the context of a later
 *     turn, which carries this answer, is no less sensitive than its sources (policy model rules);
 *     empty for a conversation sent by the client
 */
public record Turn(
    String question, String standaloneQuestion, String answer, List<List<String>> sourceLabels) {

  public Turn {
    sourceLabels =
        sourceLabels == null
            ? List.of()
            : sourceLabels.stream()
                .map(l -> l == null ? List.<String>of() : List.copyOf(l))
                .toList();
  }

  /** A turn whose sources are not known (a conversation sent by the client). */
  public Turn(String question, String standaloneQuestion, String answer) {
    this(question, standaloneQuestion, answer, List.of());
  }
}
