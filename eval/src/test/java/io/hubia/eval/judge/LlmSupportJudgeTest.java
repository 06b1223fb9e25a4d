package io.hubia.eval.judge;

import static io.hubia.eval.judge.SupportJudge.Verdict.NOT_SUPPORTED;
import static io.hubia.eval.judge.SupportJudge.Verdict.NO_VERDICT;
import static io.hubia.eval.judge.SupportJudge.Verdict.SUPPORTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The LLM judge against {@link ReplayedModel}, a local server replaying recorded replies. */
class LlmSupportJudgeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void agreementWithTheLabelsIsMeasuredThroughTheApi() throws Exception {
    try (ReplayedModel model = ReplayedModel.replayingRecordedVerdicts()) {
      LlmSupportJudge judge = new LlmSupportJudge(model.url(), "judge-model", "sk-test", TIMEOUT);

      JudgeCheck.Agreement agreement = JudgeCheck.measure(judge, JudgeCheck.shipped());

      // Recorded: 2 supported pairs judged unsupported (one of them no verdict), 2 the other way.
      assertThat(agreement.bothSupported()).isEqualTo(27);
      assertThat(agreement.labelOnly()).isEqualTo(2);
      assertThat(agreement.judgeOnly()).isEqualTo(2);
      assertThat(agreement.neither()).isEqualTo(25);
      assertThat(agreement.noVerdicts()).isEqualTo(1);
      assertThat(agreement.disagreements())
          .containsExactlyInAnyOrder(
              "fr-hs-exoneration",
              "fr-federation-conseil-paraphrase-loin",
              "fr-opco-contribution",
              "en-trial-partial");
      // p_o = 52/56, p_e = (29/56)² + (27/56)² = 1570/3136, κ = (p_o − p_e) / (1 − p_e) = 0.8570.
      assertThat(agreement.kappa()).isCloseTo(0.8570, within(1e-4));
      assertThat(agreement.acceptable()).isTrue();
      assertThat(model.requests).hasSize(56);
    }
  }

  @Test
  void sendsTheFixedPromptTheModelAndTheKey() throws Exception {
    try (ReplayedModel model = new ReplayedModel().always("{\"supported\": true}")) {
      LlmSupportJudge judge = new LlmSupportJudge(model.url(), "judge-model", "sk-test", TIMEOUT);

      assertThat(judge.judge("La cotisation est de 150 €.", "Elle coûte 150 €."))
          .isEqualTo(SUPPORTED);

      ReplayedModel.Request request = model.requests.get(0);
      assertThat(request.path()).isEqualTo("/v1/chat/completions");
      assertThat(request.authorization()).isEqualTo("Bearer sk-test");
      assertThat(request.body().path("model").asText()).isEqualTo("judge-model");
      assertThat(request.body().path("temperature").asInt()).isZero();
      assertThat(request.body().path("messages").path(0).path("content").asText())
          .isEqualTo(LlmSupportJudge.PROMPT);
      assertThat(request.body().path("messages").path(1).path("content").asText())
          .isEqualTo(
              "Phrase / Sentence:\nLa cotisation est de 150 €.\n\nPassage:\nElle coûte 150 €.");
      assertThat(judge.describe()).isEqualTo("llm judge-model at 127.0.0.1").doesNotContain("sk-");
    }
  }

  @Test
  void asksOncePerPairAndWithoutKeySendsNoAuthorization() throws Exception {
    try (ReplayedModel model = new ReplayedModel().always("{\"supported\": false}")) {
      LlmSupportJudge judge =
          new LlmSupportJudge(
              java.net.URI.create(model.url() + "/chat/completions/"), "m", null, TIMEOUT);

      assertThat(judge.judge("Phrase.", "Passage.")).isEqualTo(NOT_SUPPORTED);
      assertThat(judge.judge("Phrase.", "Passage.")).isEqualTo(NOT_SUPPORTED);
      assertThat(judge.judge("Autre phrase.", "Passage.")).isEqualTo(NOT_SUPPORTED);

      assertThat(model.requests).hasSize(2);
      assertThat(model.requests.get(0).path()).isEqualTo("/v1/chat/completions");
      assertThat(model.requests.get(0).authorization()).isNull();
    }
  }

  @Test
  void anErrorStatusOrATimeoutIsNoVerdict() throws Exception {
    try (ReplayedModel model = new ReplayedModel().always("{\"supported\": true}").status(503)) {
      assertThat(new LlmSupportJudge(model.url(), "m", "k", TIMEOUT).judge("A 1.", "A 1."))
          .isEqualTo(NO_VERDICT);
    }
    try (ReplayedModel model = new ReplayedModel().always("{\"supported\": true}").delay(1500)) {
      long start = System.nanoTime();
      assertThat(
              new LlmSupportJudge(model.url(), "m", "k", Duration.ofMillis(200))
                  .judge("A 1.", "A 1."))
          .isEqualTo(NO_VERDICT);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
    }
  }

  @Test
  void readsTheVerdictOutOfFencesAndProseAndNothingElse() {
    assertThat(LlmSupportJudge.parse(reply("{\"supported\": true}"))).isEqualTo(SUPPORTED);
    assertThat(LlmSupportJudge.parse(reply("```json\n{\"supported\":false}\n```")))
        .isEqualTo(NOT_SUPPORTED);
    assertThat(LlmSupportJudge.parse(reply("Verdict : {\"supported\": true, \"why\": \"x\"}")))
        .isEqualTo(SUPPORTED);
    assertThat(LlmSupportJudge.parse(reply("Oui, le passage le dit."))).isEqualTo(NO_VERDICT);
    assertThat(LlmSupportJudge.parse(reply("{\"supported\": \"yes\"}"))).isEqualTo(NO_VERDICT);
    assertThat(LlmSupportJudge.parse("{\"choices\":[]}")).isEqualTo(NO_VERDICT);
    assertThat(LlmSupportJudge.parse("not json")).isEqualTo(NO_VERDICT);
  }

  private static String reply(String content) {
    ObjectNode reply = new ObjectMapper().createObjectNode();
    reply
        .putArray("choices")
        .addObject()
        .putObject("message")
        .put("role", "assistant")
        .put("content", content);
    return reply.toString();
  }
}
