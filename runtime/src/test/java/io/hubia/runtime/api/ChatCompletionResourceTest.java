package io.hubia.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.runtime.agent.AskService;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionResourceTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final AskResponse ANSWER =
      new AskResponse(
          "Le salarié acquiert 2,5 jours par mois [1].",
          List.of(
              new CitationView(
                  1, "national:conges.md", "Les congés payés", "https://x/conges", "…", 0.9)),
          false,
          null,
          "trace-1",
          "audit-1",
          0.9);

  @Test
  void usageCarriesTheTokensOfTheAnsweringModel() throws Exception {
    ChatCompletionResource.ChatCompletion c =
        ChatCompletionResource.completion(
            "assistant", new AskService.Result(ANSWER, 1200, 85), NOW);

    assertThat(c.usage().promptTokens()).isEqualTo(1200);
    assertThat(c.usage().completionTokens()).isEqualTo(85);
    assertThat(c.usage().totalTokens()).isEqualTo(1285);
    JsonNode json = new ObjectMapper().valueToTree(c);
    assertThat(json.at("/usage/prompt_tokens").asLong()).isEqualTo(1200);
    assertThat(json.at("/usage/completion_tokens").asLong()).isEqualTo(85);
    assertThat(json.at("/usage/total_tokens").asLong()).isEqualTo(1285);
  }

  @Test
  void theExtractiveAnswererUsesNoToken() {
    ChatCompletionResource.ChatCompletion c =
        ChatCompletionResource.completion("assistant", new AskService.Result(ANSWER, 0, 0), NOW);
    assertThat(c.usage()).isEqualTo(new ChatCompletionResource.Usage(0, 0, 0));
  }

  @Test
  void keepsTheOpenAiShapeWithTheSourcesAndHubiaDetails() {
    ChatCompletionResource.ChatCompletion c =
        ChatCompletionResource.completion("assistant", new AskService.Result(ANSWER, 10, 2), NOW);
    assertThat(c.id()).isEqualTo("chatcmpl-trace-1");
    assertThat(c.object()).isEqualTo("chat.completion");
    assertThat(c.created()).isEqualTo(NOW.getEpochSecond());
    assertThat(c.model()).isEqualTo("assistant");
    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(c.choices().get(0).message().content())
        .isEqualTo(
            "Le salarié acquiert 2,5 jours par mois [1].\n\nSources :\n[1] Les congés payés —"
                + " https://x/conges");
    assertThat(c.citations()).isEqualTo(ANSWER.citations());
    assertThat(c.hubia())
        .isEqualTo(new ChatCompletionResource.Details(false, null, "trace-1", "audit-1"));
  }
}
