package io.hubia.runtime.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /v1/agents/{workflow}/ask}.
 *
 * @param question the question, in French or English
 * @param conversationId optional id tying follow-up questions to earlier ones
 */
@Schema(description = "A question to an agent")
public record AskRequest(
    @Schema(
            description = "The question, 1 to maxQuestionLength characters (policy; default 4000)",
            example = "Quelle est la durée de la période d'essai d'un cadre ?",
            required = true)
        String question,
    @Schema(
            description =
                "Optional id chosen by the caller: questions with the same id form a conversation,"
                    + " and follow-ups are rewritten into standalone questions",
            example = "c-42")
        String conversationId) {}
