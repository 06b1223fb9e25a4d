package io.hubia.runtime.answer;

/**
 * One earlier exchange of a conversation, oldest first in a history.
 *
 * @param question the question as the caller asked it
 * @param standaloneQuestion the question rewritten to stand alone (equal to {@code question} when
 *     it needed no rewriting)
 * @param answer the answer returned (the fallback message when the turn fell back)
 */
public record Turn(String question, String standaloneQuestion, String answer) {}
