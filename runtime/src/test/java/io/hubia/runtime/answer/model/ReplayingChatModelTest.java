package io.hubia.runtime.answer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

/** The replaying model answers and fails as langchain4j's OpenAI client does. */
class ReplayingChatModelTest {

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().messages(UserMessage.from(text)).build();
  }

  @Test
  void aCompletionHasItsTextTokensAndFinishReason() {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/correct-cited.json");
    ChatResponse response = model.chat(ask("Question : " + Samples.DUREE_CADRE));

    assertThat(response.aiMessage().text()).endsWith("accord de branche étendu le prévoit [2].");
    assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(842);
    assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(47);
    assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(889);
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.modelName()).isEqualTo("mistral-small-2506");
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void failuresAreTheClientsExceptions() {
    assertThatThrownBy(
            () -> ReplayingChatModel.fromResource("answer/model/timeout.json").chat(ask("x")))
        .isInstanceOf(TimeoutException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThatThrownBy(
            () -> ReplayingChatModel.fromResource("answer/model/http-500.json").chat(ask("x")))
        .isInstanceOf(InternalServerException.class)
        .hasCauseInstanceOf(HttpException.class)
        .satisfies(e -> assertThat(((HttpException) e.getCause()).statusCode()).isEqualTo(500));
    assertThatThrownBy(
            () -> ReplayingChatModel.fromResource("answer/model/unauthorized.json").chat(ask("x")))
        .isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(
            () ->
                ReplayingChatModel.fromResource("answer/model/refusal.json")
                    .chat(ask("Question : " + Samples.DUREE_CADRE)))
        .isInstanceOf(ContentFilteredException.class)
        .hasMessage("I'm sorry, I can't help with that.");
  }

  @Test
  void anEmptyCompletionHasNoText() {
    ChatResponse response =
        ReplayingChatModel.fromResource("answer/model/empty.json").chat(ask("x"));
    assertThat(response.aiMessage().text()).isNull();
    assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void toolCallsAndTheAnswerAfterTheToolResult() {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/tools.json");
    ChatResponse first = model.chat(ask("Question : " + Samples.ROMPT));

    assertThat(first.aiMessage().text()).isNull();
    assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.id()).isEqualTo("call_rh_1");
    assertThat(call.name()).isEqualTo("recherche-rh");
    assertThat(call.arguments())
        .isEqualTo("{\"query\":\"délai de prévenance rupture période d'essai par le salarié\"}");

    ChatResponse second =
        model.chat(
            ChatRequest.builder()
                .messages(
                    UserMessage.from("Question : " + Samples.ROMPT),
                    first.aiMessage(),
                    ToolExecutionResultMessage.from(call, "Documents found: ..."))
                .build());
    assertThat(second.aiMessage().text()).contains("[3]");
  }

  @Test
  void repliesFollowEachOtherAndTheLastRepeats() {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/flaky.json");
    ChatRequest request = ask("Question : " + Samples.DUREE_CADRE);

    assertThatThrownBy(() -> model.chat(request)).isInstanceOf(InternalServerException.class);
    assertThat(model.chat(request).aiMessage().text()).contains("quatre mois");
    assertThat(model.chat(request).aiMessage().text()).contains("quatre mois");
  }

  @Test
  void anUnknownQuestionIsATestError() {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/correct-cited.json");
    assertThatThrownBy(() -> model.chat(ask("Quelle heure est-il ?")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Quelle heure est-il ?");
    // an entry without afterTool does not answer a tool result
    assertThatThrownBy(
            () ->
                model.chat(
                    ChatRequest.builder()
                        .messages(
                            UserMessage.from(Samples.DUREE_CADRE),
                            AiMessage.from(
                                ToolExecutionRequest.builder()
                                    .id("1")
                                    .name("t")
                                    .arguments("{}")
                                    .build()),
                            ToolExecutionResultMessage.from("1", "t", "ok"))
                        .build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after tool t");
  }
}
