package io.hubia.runtime.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /v1/chat/completions}, the subset of OpenAI's chat completion request
 * Hubia reads; other fields (temperature, max_tokens...) are accepted and ignored: the workflow's
 * spec decides them.
 *
 * @param model the workflow's name
 * @param messages the conversation, oldest first; the last {@code user} message is the question
 * @param stream must be absent or false: streaming is not supported
 */
@Schema(name = "ChatCompletionRequest")
public record ChatCompletionRequest(String model, List<Message> messages, Boolean stream) {

  /**
   * One message.
   *
   * @param role {@code system}, {@code user} or {@code assistant}
   * @param content its text
   */
  public record Message(String role, String content) {}
}
