package io.hubia.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.output.TokenUsage;
import io.hubia.runtime.answer.model.ModelUsage;
import io.hubia.runtime.api.AskResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code usage} of an {@code /ask} reply: the request's model calls, absent without one. */
class AskServiceUsageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AskResponse reply(AskResponse.Usage usage) {
    return new AskResponse("Réponse [1].", List.of(), false, null, "t-1", "a-1", 0.9, usage);
  }

  @Test
  void withoutModelCallTheReplyHasNoUsage() {
    ModelUsage none = new ModelUsage();

    assertThat(AskService.usage(none)).isNull();
    JsonNode json = JSON.valueToTree(reply(AskService.usage(none)));
    assertThat(json.has("usage")).isFalse();
    assertThat(json.has("confidence")).isTrue();
  }

  @Test
  void theUsageSumsEveryCall() {
    ModelUsage usage = new ModelUsage();
    usage.record(new TokenUsage(214, 24)); // rewriting
    usage.record(null); // a timed-out answer
    usage.record(new TokenUsage(803, 29)); // the answer of the retry

    AskResponse.Usage view = AskService.usage(usage);

    assertThat(view).isEqualTo(new AskResponse.Usage(1017, 53, 3));
    JsonNode json = JSON.valueToTree(reply(view));
    assertThat(json.at("/usage/inputTokens").asLong()).isEqualTo(1017);
    assertThat(json.at("/usage/outputTokens").asLong()).isEqualTo(53);
    assertThat(json.at("/usage/modelCalls").asInt()).isEqualTo(3);
  }

  @Test
  void aStoredReplyReadsBackWithOrWithoutUsage() throws Exception {
    // ApprovalDesk stores the reply of a held request as JSON and reads it back
    AskResponse used = reply(new AskResponse.Usage(842, 47, 1));
    AskResponse extractive = reply(null);

    assertThat(JSON.readValue(JSON.writeValueAsString(used), AskResponse.class)).isEqualTo(used);
    assertThat(JSON.readValue(JSON.writeValueAsString(extractive), AskResponse.class))
        .isEqualTo(extractive);
    // a reply stored before the field existed
    assertThat(
            JSON.readValue(
                    "{\"answer\":\"a\",\"citations\":[],\"fallback\":false,\"traceId\":\"t\"}",
                    AskResponse.class)
                .usage())
        .isNull();
  }
}
