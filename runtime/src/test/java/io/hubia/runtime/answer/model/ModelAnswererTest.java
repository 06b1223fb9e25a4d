package io.hubia.runtime.answer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import io.hubia.api.v1alpha1.spec.ToolSpec;
import io.hubia.api.v1alpha1.spec.ToolType;
import io.hubia.runtime.answer.DraftAnswer;
import io.hubia.runtime.answer.Evidence;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelAnswererTest {

  private static ModelAnswerer answerer(String fixture) {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/" + fixture);
    return new ModelAnswerer(model.modelName(), model);
  }

  @Test
  void aCitedAnswerComesBackWithItsTokens() throws Exception {
    DraftAnswer draft = answerer("correct-cited.json").answer(Samples.request(Samples.DUREE_CADRE));

    assertThat(draft.text())
        .isEqualTo(
            "La période d'essai d'un cadre dure au maximum quatre mois, renouvellement compris"
                + " [1]. Elle ne peut être renouvelée qu'une fois, et seulement si un accord de"
                + " branche étendu le prévoit [2].");
    assertThat(draft.answeredBy()).isEqualTo("mistral-small-2506");
    assertThat(draft.inputTokens()).isEqualTo(842);
    assertThat(draft.outputTokens()).isEqualTo(47);
  }

  @Test
  void theModelReceivesThePromptBuildersMessages() throws Exception {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/correct-cited.json");
    new ModelAnswerer("m", model).answer(Samples.request(Samples.DUREE_CADRE));

    ChatRequest sent = model.requests().get(0);
    assertThat(sent.messages())
        .isEqualTo(new PromptBuilder().messages(Samples.request(Samples.DUREE_CADRE)));
    assertThat(sent.toolSpecifications()).isNullOrEmpty();
  }

  @Test
  void citationsAreLeftForTheVerifierToJudge() throws Exception {
    // a fabricated [7] and an unsupported 45 jours are not the answerer's to fix
    assertThat(
            answerer("fabricated-citation.json")
                .answer(Samples.request(Samples.DUREE_CADRE))
                .text())
        .endsWith("Un accord d'entreprise peut toutefois la porter à six mois [7].");
    assertThat(
            answerer("unsupported-claim.json").answer(Samples.request(Samples.DUREE_CADRE)).text())
        .endsWith("Son renouvellement ne peut dépasser 45 jours [2].");
  }

  @Test
  void failuresHaveStableReasons() {
    assertFailure(
        "timeout.json", ModelAnswerer.TIMEOUT, true, "model mistral-large-2411 timed out");
    assertFailure(
        "http-500.json", ModelAnswerer.ERROR, true, "model mistral-large-2411 answered HTTP 500");
    assertFailure(
        "unauthorized.json",
        ModelAnswerer.ERROR,
        false,
        "model mistral-small-latest answered HTTP 401");
    assertFailure("garbage.json", ModelAnswerer.GARBAGE, true, "only markup");
    assertFailure("empty.json", ModelAnswerer.GARBAGE, true, "answered nothing");
    assertFailure("refusal.json", ModelAnswerer.REFUSED, false, "content filter");
  }

  @Test
  void theServerBodyNeverReachesTheMessage() {
    assertThatThrownBy(() -> answerer("http-500.json").answer(Samples.request(Samples.DUREE_CADRE)))
        .hasMessageNotContaining("CUDA");
  }

  @Test
  void aBareRefusalIsRefusedButSayingTheSourcesAreNotEnoughIsAnAnswer() throws Exception {
    assertThatThrownBy(() -> answerer("refusal.json").answer(Samples.request(Samples.PREVENANCE)))
        .isInstanceOf(ModelException.class)
        .extracting(e -> ((ModelException) e).reason())
        .isEqualTo(ModelAnswerer.REFUSED);

    DraftAnswer honest =
        answerer("refusal.json")
            .answer(Samples.request("Quelles sont les règles du télétravail ?"));
    assertThat(honest.text()).startsWith("Les sources fournies ne permettent pas de répondre");
  }

  @Test
  void reasoningAndEchoedSourcesAreStripped() throws Exception {
    ReplayingChatModel model =
        ReplayingChatModel.fromJson(
            """
            {"model": "qwen3-8b", "entries": [{"regex": ".", "text":
              "<think>La source 1 dit quatre mois.</think>\\n<source id=\\"1\\" title=\\"x\\">\\nquatre mois pour les cadres\\n</source>\\nUn cadre a au plus quatre mois d'essai [1].</sources>",
              "inputTokens": 10, "outputTokens": 5}]}
            """);
    DraftAnswer draft = new ModelAnswerer("qwen3-8b", model).answer(Samples.request("Q ?"));
    assertThat(draft.text()).isEqualTo("Un cadre a au plus quatre mois d'essai [1].");
  }

  @Test
  void markersAloneOrALoopAreGarbage() {
    assertThat(garbageReason("[1][2]")).isEqualTo(ModelAnswerer.GARBAGE);
    assertThat(garbageReason("<p></p>\\n```\\n```")).isEqualTo(ModelAnswerer.GARBAGE);
    assertThat(garbageReason("essai ".repeat(40))).isEqualTo(ModelAnswerer.GARBAGE);
  }

  @Test
  void aTooSlowModelTimesOutAtItsDeadline() {
    ReplayingChatModel slow = ReplayingChatModel.fromResource("answer/model/slow.json");
    ModelAnswerer answerer =
        new ModelAnswerer("slow", ChatModels.withDeadline(slow, Duration.ofMillis(300)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> answerer.answer(Samples.request(Samples.DUREE_CADRE)))
        .isInstanceOf(ModelException.class)
        .extracting(e -> ((ModelException) e).reason())
        .isEqualTo(ModelAnswerer.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aToolRoundAddsEvidenceThatTheAnswerCites() throws Exception {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/tools.json");
    List<Evidence> two = Samples.evidence().subList(0, 2);
    AgentTools tools =
        new AgentTools(
            List.of(lookupTool()),
            (index, query) ->
                index.equals("rh")
                    ? List.of(Samples.chunk("pe-2", 2, Samples.PREVENANCE_TEXT))
                    : List.of(),
            ToolPolicy.ALLOW_ALL,
            ref -> null);

    ModelAnswerer.ModelAnswer answer =
        new ModelAnswerer("mistral-small-2506", model)
            .answer(Samples.request(Samples.ROMPT, two, List.of()), tools);

    assertThat(answer.draft().text()).contains("quarante-huit heures [3]");
    assertThat(answer.draft().inputTokens()).isEqualTo(910 + 1204);
    assertThat(answer.draft().outputTokens()).isEqualTo(31 + 55);
    assertThat(answer.evidence()).extracting(Evidence::number).containsExactly(1, 2, 3);
    assertThat(answer.evidence().get(2).chunk().chunkId()).isEqualTo("pe-2");
    assertThat(model.requests()).hasSize(2);
    assertThat(model.requests().get(0).toolSpecifications())
        .extracting(s -> s.name())
        .containsExactly("recherche-rh");
    ToolExecutionResultMessage result =
        (ToolExecutionResultMessage) model.requests().get(1).messages().get(3);
    assertThat(result.id()).isEqualTo("call_rh_1");
    assertThat(result.text()).contains("<source id=\"3\"").contains("quarante-huit heures");
    assertThat(tools.calls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.outcome()).isEqualTo(ToolCall.Outcome.OK);
              assertThat(call.evidenceNumbers()).containsExactly(3);
            });
  }

  @Test
  void theToolLoopIsBounded() {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/tools.json");
    AgentTools tools =
        new AgentTools(List.of(lookupTool()), (i, q) -> List.of(), ToolPolicy.ALLOW_ALL, r -> null);
    ModelAnswerer answerer = new ModelAnswerer("m", model);

    assertThatThrownBy(() -> answerer.answer(Samples.request("Une question en boucle ?"), tools))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("still calls tools after 5 rounds")
        .extracting(e -> ((ModelException) e).reason())
        .isEqualTo(ModelAnswerer.GARBAGE);
    // 5 rounds with tools, then one where they may not be called
    assertThat(model.requests()).hasSize(6);
    assertThat(model.requests().get(4).toolChoice()).isNotEqualTo(ToolChoice.NONE);
    assertThat(model.requests().get(5).toolChoice()).isEqualTo(ToolChoice.NONE);
    assertThat(tools.calls()).hasSize(5);
  }

  @Test
  void toolCallsWithoutToolsAreGarbage() {
    ReplayingChatModel model = ReplayingChatModel.fromResource("answer/model/tools.json");
    assertThatThrownBy(() -> new ModelAnswerer("m", model).answer(Samples.request(Samples.ROMPT)))
        .hasMessageContaining("calls tools though none was offered");
  }

  static ToolSpec lookupTool() {
    ToolSpec tool = new ToolSpec();
    tool.setName("recherche-rh");
    tool.setDescription("Cherche dans la documentation RH.");
    tool.setType(ToolType.IndexLookup);
    tool.setIndex("rh");
    return tool;
  }

  private static String garbageReason(String text) {
    ReplayingChatModel model =
        ReplayingChatModel.fromJson(
            "{\"entries\": [{\"regex\": \".\", \"text\": \""
                + text.replace("\"", "\\\"")
                + "\"}]}");
    try {
      new ModelAnswerer("m", model).answer(Samples.request(Samples.DUREE_CADRE));
      return null;
    } catch (ModelException e) {
      return e.reason();
    }
  }

  private static void assertFailure(
      String fixture, String reason, boolean retriable, String message) {
    assertThatThrownBy(() -> answerer(fixture).answer(Samples.request(Samples.DUREE_CADRE)))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> {
              ModelException failure = (ModelException) e;
              assertThat(failure.reason()).as(fixture).isEqualTo(reason);
              assertThat(failure.retriable()).as(fixture).isEqualTo(retriable);
            });
  }
}
