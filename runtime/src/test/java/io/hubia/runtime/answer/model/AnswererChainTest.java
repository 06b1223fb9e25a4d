package io.hubia.runtime.answer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.hubia.api.v1alpha1.spec.ModelHosting;
import io.hubia.api.v1alpha1.spec.ModelRulesSpec;
import io.hubia.api.v1alpha1.spec.Sensitivity;
import io.hubia.api.v1alpha1.spec.SensitivityLabel;
import io.hubia.runtime.answer.AnswerRequest;
import io.hubia.runtime.answer.Answerer;
import io.hubia.runtime.answer.AnswererException;
import io.hubia.runtime.answer.DraftAnswer;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.policy.ModelRules;
import io.hubia.search.retrieve.RetrievedChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AnswererChainTest {

  /** Stands for the extractive answerer (built elsewhere): answers from the first evidence. */
  private final AtomicInteger extractiveCalls = new AtomicInteger();

  private final Answerer extractive =
      request -> {
        extractiveCalls.incrementAndGet();
        return DraftAnswer.extractive(request.evidence().get(0).chunk().text() + " [1]");
      };

  private final List<AnswererChain.Failure> heard = new ArrayList<>();
  private final List<AnswererChain.Result> answered = new ArrayList<>();
  private final AnswererChain.Listener listener =
      new AnswererChain.Listener() {
        @Override
        public void failed(AnswererChain.Failure failure) {
          heard.add(failure);
        }

        @Override
        public void answered(AnswererChain.Result result) {
          answered.add(result);
        }
      };

  private static ReplayingChatModel replay(String fixture) {
    return ReplayingChatModel.fromResource("answer/model/" + fixture);
  }

  private static AnswererChain.Member member(String name, ReplayingChatModel model, int retries) {
    return new AnswererChain.Member(new ModelAnswerer(name, model), retries);
  }

  @Test
  void thePrimaryAnswersWhenItCan() throws Exception {
    ReplayingChatModel fallback = replay("correct-cited.json");
    AnswererChain chain =
        new AnswererChain(
            List.of(
                member("primary", replay("correct-cited.json"), 1),
                member("fallback", fallback, 1)),
            extractive,
            "extractive",
            listener);

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());

    assertThat(result.answeredBy()).isEqualTo("primary");
    assertThat(result.draft().answeredBy()).isEqualTo("primary");
    assertThat(result.failures()).isEmpty();
    assertThat(result.fellBack()).isFalse();
    assertThat(result.evidence()).isEqualTo(Samples.evidence());
    assertThat(fallback.requests()).isEmpty();
    assertThat(answered).containsExactly(result);
  }

  @Test
  void aTimingOutPrimaryIsRetriedThenTheFallbackAnswers() throws Exception {
    ReplayingChatModel primary = replay("timeout.json");
    ReplayingChatModel fallback = replay("correct-cited.json");
    AnswererChain chain =
        new AnswererChain(
            List.of(member("mistral-large", primary, 1), member("mistral-small", fallback, 1)),
            extractive,
            "extractive",
            listener);

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());

    assertThat(primary.requests()).hasSize(2); // first call + 1 retry
    assertThat(fallback.requests()).hasSize(1);
    assertThat(result.answeredBy()).isEqualTo("mistral-small");
    assertThat(result.draft().text()).startsWith("La période d'essai d'un cadre dure");
    assertThat(result.failures())
        .extracting(
            AnswererChain.Failure::answerer,
            AnswererChain.Failure::attempt,
            AnswererChain.Failure::reason)
        .containsExactly(
            tuple("mistral-large", 1, "model_timeout"), tuple("mistral-large", 2, "model_timeout"));
    assertThat(heard).isEqualTo(result.failures());
    assertThat(extractiveCalls).hasValue(0);
  }

  @Test
  void aRetryCanSucceed() throws Exception {
    ReplayingChatModel flaky = replay("flaky.json");
    AnswererChain chain = new AnswererChain(List.of(member("mistral-small", flaky, 1)), extractive);

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());

    assertThat(result.answeredBy()).isEqualTo("mistral-small");
    assertThat(flaky.requests()).hasSize(2);
    assertThat(result.failures())
        .extracting(AnswererChain.Failure::attempt, AnswererChain.Failure::reason)
        .containsExactly(tuple(1, "model_error"));
    assertThat(result.failures().get(0).message())
        .isEqualTo("model mistral-small answered HTTP 500");
  }

  @Test
  void noRetryMeansOneCall() throws Exception {
    ReplayingChatModel flaky = replay("flaky.json");
    AnswererChain chain = new AnswererChain(List.of(member("m", flaky, 0)), extractive);

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());

    assertThat(flaky.requests()).hasSize(1);
    assertThat(result.answeredBy()).isEqualTo("extractive");
    assertThat(result.fellBack()).isTrue();
  }

  @Test
  void modelsAreTriedInOrderThenTheExtractiveAnswerer() throws Exception {
    ReplayingChatModel first = replay("http-500.json");
    ReplayingChatModel second = replay("garbage.json");
    ReplayingChatModel third = replay("empty.json");
    AnswererChain chain =
        new AnswererChain(
            List.of(member("a", first, 2), member("b", second, 0), member("c", third, 1)),
            extractive,
            "extractive",
            listener);

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());

    assertThat(first.requests()).hasSize(3);
    assertThat(second.requests()).hasSize(1);
    assertThat(third.requests()).hasSize(2);
    assertThat(result.answeredBy()).isEqualTo("extractive");
    assertThat(result.draft().answeredBy()).isEqualTo("extractive");
    assertThat(result.draft().text()).startsWith(Samples.DUREE_TEXT);
    assertThat(result.fellBack()).isTrue();
    assertThat(result.failures())
        .extracting(AnswererChain.Failure::answerer, AnswererChain.Failure::reason)
        .containsExactly(
            tuple("a", "model_error"),
            tuple("a", "model_error"),
            tuple("a", "model_error"),
            tuple("b", "model_garbage"),
            tuple("c", "model_garbage"),
            tuple("c", "model_garbage"));
    assertThat(answered)
        .singleElement()
        .extracting(AnswererChain.Result::answeredBy)
        .isEqualTo("extractive");
  }

  @Test
  void refusalsAndRejectedKeysAreNotRetried() throws Exception {
    ReplayingChatModel refusing = replay("refusal.json");
    ReplayingChatModel unauthorized = replay("unauthorized.json");
    AnswererChain chain =
        new AnswererChain(
            List.of(member("gpt", refusing, 3), member("mistral", unauthorized, 3)), extractive);

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());

    assertThat(refusing.requests()).hasSize(1);
    assertThat(unauthorized.requests()).hasSize(1);
    assertThat(result.failures())
        .extracting(AnswererChain.Failure::answerer, AnswererChain.Failure::reason)
        .containsExactly(tuple("gpt", "model_refused"), tuple("mistral", "model_error"));
    assertThat(result.answeredBy()).isEqualTo("extractive");
  }

  @Test
  void withoutModelTheExtractiveAnswererAnswersAlone() throws Exception {
    AnswererChain chain = AnswererChain.of(null, List.of(), ref -> null, extractive, null);

    DraftAnswer draft = chain.answer(Samples.request(Samples.DUREE_CADRE));

    assertThat(draft.answeredBy()).isEqualTo("extractive");
    assertThat(extractiveCalls).hasValue(1);
  }

  @Test
  void whenEveryAnswererFailsTheChainSaysWhy() {
    Answerer broken =
        request -> {
          throw new AnswererException("no_evidence", "nothing to extract from");
        };
    AnswererChain chain =
        new AnswererChain(List.of(member("a", replay("timeout.json"), 0)), broken);
    AnswerRequest request = Samples.request(Samples.DUREE_CADRE, List.of(), List.of());

    assertThatThrownBy(() -> chain.run(request, AgentTools.none()))
        .isInstanceOf(AnswererChain.ChainFailedException.class)
        .satisfies(
            e -> {
              AnswererChain.ChainFailedException failed = (AnswererChain.ChainFailedException) e;
              assertThat(failed.reason()).isEqualTo("no_evidence");
              assertThat(failed.failures())
                  .extracting(AnswererChain.Failure::answerer, AnswererChain.Failure::reason)
                  .containsExactly(tuple("a", "model_timeout"), tuple("extractive", "no_evidence"));
            });
  }

  @Test
  void toolEvidenceAndCallsOfEveryAttemptAreReturned() throws Exception {
    // the first model calls the tool then times out; the second calls it again and answers
    ReplayingChatModel first =
        ReplayingChatModel.fromJson(
            """
            {"model": "a", "entries": [
              {"match": "rompt sa période", "toolCalls": [{"id": "c1", "name": "recherche-rh",
                "arguments": {"query": "prévenance"}}]},
              {"match": "rompt sa période", "afterTool": "recherche-rh", "failure": "timeout"}]}
            """);
    AgentTools tools =
        new AgentTools(
            List.of(ModelAnswererTest.lookupTool()),
            (index, query) -> List.of(Samples.chunk("pe-2", 2, Samples.PREVENANCE_TEXT)),
            ToolPolicy.ALLOW_ALL,
            ref -> null);
    AnswererChain chain =
        new AnswererChain(
            List.of(member("a", first, 0), member("b", replay("tools.json"), 0)), extractive);

    AnswererChain.Result result =
        chain.run(
            Samples.request(Samples.ROMPT, Samples.evidence().subList(0, 2), List.of()), tools);

    assertThat(result.answeredBy()).isEqualTo("b");
    assertThat(result.draft().text()).contains("[3]");
    assertThat(result.evidence()).extracting(Evidence::number).containsExactly(1, 2, 3);
    assertThat(result.toolCalls()).hasSize(2);
    assertThat(result.failures())
        .extracting(AnswererChain.Failure::reason)
        .containsExactly("model_timeout");
  }

  /** Model rules where the samples' label {@code rh} is Confidential and {@code board} Secret. */
  private static ModelRules rhConfidential() {
    ModelRulesSpec spec = new ModelRulesSpec();
    SensitivityLabel rh = new SensitivityLabel();
    rh.setLabel("rh");
    rh.setSensitivity(Sensitivity.Confidential);
    SensitivityLabel open = new SensitivityLabel();
    open.setLabel("open");
    open.setSensitivity(Sensitivity.Public);
    spec.setSensitivityLabels(List.of(rh, open));
    return ModelRules.compile(spec);
  }

  private static AnswererChain.Member hosted(
      String name, ReplayingChatModel model, ModelHosting hosting) {
    return new AnswererChain.Member(new ModelAnswerer(name, model, hosting), 0);
  }

  private static AnswererChain restricted(AnswererChain chain, ModelRules rules, Sensitivity s) {
    return chain.restrictedTo(m -> rules.allows(m.answerer().hosting(), s));
  }

  @Test
  void confidentialEvidenceGoesToTheSelfHostedModelOnly() throws Exception {
    ReplayingChatModel external = replay("correct-cited.json");
    ReplayingChatModel selfHosted = replay("correct-cited.json");
    AnswererChain chain =
        new AnswererChain(
            List.of(
                hosted("mistral-large", external, ModelHosting.External),
                hosted("vllm-local", selfHosted, ModelHosting.SelfHosted)),
            extractive,
            "extractive",
            listener);
    ModelRules rules = rhConfidential();
    Sensitivity sensitivity =
        rules.sensitivityOfContext(
            Samples.evidence().stream().map(e -> e.chunk().labels()).toList());

    AnswererChain.Result result =
        restricted(chain, rules, sensitivity)
            .run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());

    assertThat(sensitivity).isEqualTo(Sensitivity.Confidential);
    assertThat(external.requests()).isEmpty();
    assertThat(selfHosted.requests()).hasSize(1);
    assertThat(result.answeredBy()).isEqualTo("vllm-local");
    assertThat(result.failures()).isEmpty();
    assertThat(chain.members()).hasSize(2); // the workflow's chain is left whole
  }

  @Test
  void whenNoModelMayReceiveTheContextTheExtractiveAnswererAnswers() throws Exception {
    ReplayingChatModel external = replay("correct-cited.json");
    AnswererChain chain =
        new AnswererChain(
            List.of(hosted("mistral-large", external, ModelHosting.External)),
            extractive,
            "extractive",
            listener);

    AnswererChain only = restricted(chain, rhConfidential(), Sensitivity.Confidential);
    AnswererChain.Result result = only.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none());

    assertThat(only.members()).isEmpty();
    assertThat(external.requests()).isEmpty();
    assertThat(result.answeredBy()).isEqualTo("extractive");
    assertThat(result.fellBack()).isTrue();
    assertThat(result.failures()).isEmpty();
    assertThat(extractiveCalls).hasValue(1);
  }

  @Test
  void aModelMayReceiveWhatItsHostingAllows() throws Exception {
    ReplayingChatModel external = replay("correct-cited.json");
    AnswererChain chain =
        new AnswererChain(
            List.of(hosted("mistral-large", external, ModelHosting.External)), extractive);

    AnswererChain same = restricted(chain, rhConfidential(), Sensitivity.Internal);

    assertThat(same).isSameAs(chain);
    assertThat(same.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none()).answeredBy())
        .isEqualTo("mistral-large");
  }

  @Test
  void aToolResultTooSensitiveForTheCallingModelIsWithheld() throws Exception {
    ModelRules rules = rhConfidential();
    ReplayingChatModel external = replay("tools.json");
    RetrievedChunk secret =
        new RetrievedChunk(
            "pe-2",
            "rh/periode-essai",
            Samples.TITLE,
            Samples.URI,
            2,
            List.of("rh"),
            List.of(),
            Samples.PREVENANCE_TEXT,
            null,
            3.2,
            0.81,
            0.74);
    AgentTools tools =
        new AgentTools(
            List.of(ModelAnswererTest.lookupTool()),
            (index, query) -> List.of(secret),
            ToolPolicy.ALLOW_ALL,
            ref -> null,
            (hosting, chunk) -> rules.mayReceive(hosting, chunk.labels()));
    // the question's own evidence is public: the external model may answer it
    List<Evidence> open =
        Samples.evidence().subList(0, 2).stream()
            .map(
                e ->
                    new Evidence(
                        e.number(),
                        new RetrievedChunk(
                            e.chunk().chunkId(),
                            e.chunk().documentId(),
                            e.chunk().title(),
                            e.chunk().uri(),
                            e.chunk().position(),
                            List.of("open"),
                            List.of(),
                            e.chunk().text(),
                            null,
                            3.2,
                            0.81,
                            0.74),
                        e.relevance()))
            .toList();
    AnswererChain chain =
        new AnswererChain(
            List.of(hosted("mistral-large", external, ModelHosting.External)), extractive);

    AnswererChain.Result result = chain.run(Samples.request(Samples.ROMPT, open, List.of()), tools);

    assertThat(result.toolCalls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.outcome()).isEqualTo(ToolCall.Outcome.WITHHELD);
              assertThat(c.detail()).isEqualTo("1 found, 1 withheld by model rules");
              assertThat(c.evidenceNumbers()).isEmpty();
            });
    assertThat(external.requests()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(external.requests().toString()).doesNotContain("quarante-huit heures");
    assertThat(result.evidence()).extracting(Evidence::number).containsExactly(1, 2);
  }

  @Test
  void usageSumsEveryModelCallRejectedCompletionsFailedAttemptsAndRetriesIncluded()
      throws Exception {
    // a: garbage (842 in, 19 out), not retried; b: HTTP 500 (no tokens), then 842 in, 24 out
    ReplayingChatModel garbage = replay("garbage.json");
    ReplayingChatModel flaky = replay("flaky.json");
    AnswererChain chain =
        new AnswererChain(List.of(member("a", garbage, 0), member("b", flaky, 1)), extractive);
    ModelUsage usage = new ModelUsage();

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none(), usage);

    assertThat(result.answeredBy()).isEqualTo("b");
    assertThat(usage.calls()).isEqualTo(3);
    assertThat(usage.inputTokens()).isEqualTo(842 + 842);
    assertThat(usage.outputTokens()).isEqualTo(19 + 24);
    // the draft still says what the answering model alone used
    assertThat(result.draft().inputTokens()).isEqualTo(842);
    assertThat(result.draft().outputTokens()).isEqualTo(24);
  }

  @Test
  void theExtractiveAnswererCallsNoModel() throws Exception {
    AnswererChain chain = AnswererChain.of(null, List.of(), ref -> null, extractive, null);
    ModelUsage usage = new ModelUsage();

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none(), usage);

    assertThat(result.answeredBy()).isEqualTo("extractive");
    assertThat(usage.calls()).isZero();
    assertThat(usage.inputTokens()).isZero();
    assertThat(usage.outputTokens()).isZero();
  }

  @Test
  void failedModelsBeforeTheExtractiveAnswererStillCount() throws Exception {
    ReplayingChatModel timeout = replay("timeout.json");
    AnswererChain chain = new AnswererChain(List.of(member("a", timeout, 1)), extractive);
    ModelUsage usage = new ModelUsage();

    AnswererChain.Result result =
        chain.run(Samples.request(Samples.DUREE_CADRE), AgentTools.none(), usage);

    assertThat(result.fellBack()).isTrue();
    assertThat(timeout.requests()).hasSize(2);
    assertThat(usage.calls()).isEqualTo(2);
    assertThat(usage.inputTokens() + usage.outputTokens()).isZero();
  }
}
