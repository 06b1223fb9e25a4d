package io.hubia.runtime.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hubia.runtime.agent.AskService;
import io.hubia.runtime.agent.ShadowRegistry;
import io.hubia.runtime.answer.Turn;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/chat/completions}: Hubia agents behind the OpenAI chat completions protocol, so
 * that existing chat front ends can use them. {@code model} names the workflow; the answer goes
 * through exactly the same steps as {@code /ask} (permissions, verified citations, fallback,
 * audit). The citations come back twice: as a "Sources" list at the end of the message, and as the
 * extra field {@code citations}; {@code hubia} carries the fallback flag and ids.
 */
@Path("/v1/chat/completions")
@Tag(name = "agents")
public class ChatCompletionResource {
  private final AskService service;

  public ChatCompletionResource(AskService service) {
    this.service = service;
  }

  /** The reply, in OpenAI's shape plus {@code citations} and {@code hubia}. */
  public record ChatCompletion(
      String id,
      String object,
      long created,
      String model,
      List<Choice> choices,
      Usage usage,
      List<CitationView> citations,
      Details hubia) {}

  /** One choice: Hubia always gives one. */
  public record Choice(
      int index,
      ChatCompletionRequest.Message message,
      @JsonProperty("finish_reason") String finishReason) {}

  /**
   * Tokens of the model that wrote the answer, as it reported them: 0 for the extractive answerer
   * (no model), small talk and fallbacks decided before the answering step. The calls that rewrite
   * a follow-up or choose a route are not counted.
   */
  public record Usage(
      @JsonProperty("prompt_tokens") long promptTokens,
      @JsonProperty("completion_tokens") long completionTokens,
      @JsonProperty("total_tokens") long totalTokens) {}

  /** What OpenAI's format has no place for. */
  public record Details(boolean fallback, String fallbackReason, String traceId, String auditId) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Operation(
      summary = "Ask an agent through the OpenAI chat completions protocol",
      description =
          "model is the workflow's name; the last user message is the question and the earlier"
              + " messages its conversation. Citations are listed at the end of the message and"
              + " in the extra field citations.")
  @APIResponse(
      responseCode = "429",
      description =
          "A limit of the policy (types "
              + ProblemTypes.RATE_LIMITED
              + ", "
              + ProblemTypes.TOKEN_BUDGET_EXHAUSTED
              + "); OpenAI clients wait for Retry-After and retry",
      headers =
          @Header(
              name = HttpHeaders.RETRY_AFTER,
              description = "Seconds to wait before a retry may succeed",
              schema = @Schema(type = SchemaType.INTEGER)),
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public ChatCompletion complete(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(ShadowRegistry.HEADER) String shadow,
      ChatCompletionRequest request) {
    if (request == null || request.model() == null || request.model().isBlank()) {
      throw invalid("Set model to the name of the workflow to ask.");
    }
    if (Boolean.TRUE.equals(request.stream())) {
      throw invalid("stream: true is not supported; send stream: false or leave it out.");
    }
    List<ChatCompletionRequest.Message> messages =
        request.messages() == null ? List.of() : request.messages();
    int last = -1;
    for (int i = 0; i < messages.size(); i++) {
      if ("user".equals(messages.get(i).role())) {
        last = i;
      }
    }
    if (last < 0) {
      throw invalid("messages needs at least one message with role user: the question.");
    }
    List<Turn> history = new ArrayList<>();
    String pending = null;
    for (ChatCompletionRequest.Message m : messages.subList(0, last)) {
      if ("user".equals(m.role())) {
        pending = m.content();
      } else if ("assistant".equals(m.role()) && pending != null) {
        history.add(new Turn(pending, pending, m.content()));
        pending = null;
      }
    }
    AskService.Result result =
        service.complete(
            request.model(), authorization, messages.get(last).content(), null, history, shadow);
    return completion(request.model(), result, Instant.now());
  }

  /** The OpenAI-shaped reply of {@code result}. */
  static ChatCompletion completion(String model, AskService.Result result, Instant now) {
    AskResponse answer = result.response();
    StringBuilder content = new StringBuilder(answer.answer());
    if (!answer.citations().isEmpty()) {
      content.append("\n\nSources :");
      for (CitationView c : answer.citations()) {
        content.append("\n[").append(c.id()).append("] ").append(c.title());
        if (c.uri() != null) {
          content.append(" — ").append(c.uri());
        }
      }
    }
    return new ChatCompletion(
        "chatcmpl-" + answer.traceId(),
        "chat.completion",
        now.getEpochSecond(),
        model,
        List.of(
            new Choice(
                0, new ChatCompletionRequest.Message("assistant", content.toString()), "stop")),
        new Usage(
            result.inputTokens(),
            result.outputTokens(),
            result.inputTokens() + result.outputTokens()),
        answer.citations(),
        new Details(
            answer.fallback(), answer.fallbackReason(), answer.traceId(), answer.auditId()));
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemTypes.INVALID_REQUEST, "Invalid request", 400, detail);
  }
}
