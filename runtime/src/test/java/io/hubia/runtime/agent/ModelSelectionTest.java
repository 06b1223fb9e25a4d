package io.hubia.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.ModelHosting;
import io.hubia.api.v1alpha1.spec.ModelRulesSpec;
import io.hubia.api.v1alpha1.spec.ModelViolationAction;
import io.hubia.api.v1alpha1.spec.Sensitivity;
import io.hubia.api.v1alpha1.spec.SensitivityLabel;
import io.hubia.runtime.answer.DraftAnswer;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.answer.Turn;
import io.hubia.runtime.answer.model.AnswererChain;
import io.hubia.runtime.answer.model.ModelAnswerer;
import io.hubia.runtime.answer.model.ReplayingChatModel;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.policy.ModelRules;
import io.hubia.search.retrieve.RetrievedChunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSelectionTest {

  private final ReplayingChatModel external =
      ReplayingChatModel.fromResource("answer/model/correct-cited.json");
  private final ReplayingChatModel selfHosted =
      ReplayingChatModel.fromResource("answer/model/correct-cited.json");

  private static ModelRules rules(ModelViolationAction onViolation) {
    SensitivityLabel rh = new SensitivityLabel();
    rh.setLabel("rh");
    rh.setSensitivity(Sensitivity.Confidential);
    ModelRulesSpec spec = new ModelRulesSpec();
    spec.setSensitivityLabels(List.of(rh));
    spec.setOnViolation(onViolation);
    return ModelRules.compile(spec);
  }

  private static List<Evidence> evidence(String... labels) {
    RetrievedChunk chunk =
        new RetrievedChunk(
            "c-1", "d-1", "t", "u", 0, List.of(labels), List.of(), "text", null, 1.0, 1.0, 0.9);
    return List.of(new Evidence(1, chunk, 0.9));
  }

  private AnswererChain chain(boolean withSelfHosted) {
    List<AnswererChain.Member> members =
        withSelfHosted
            ? List.of(
                new AnswererChain.Member(
                    new ModelAnswerer("mistral-large", external, ModelHosting.External), 0),
                new AnswererChain.Member(
                    new ModelAnswerer("vllm-local", selfHosted, ModelHosting.SelfHosted), 0))
            : List.of(
                new AnswererChain.Member(
                    new ModelAnswerer("mistral-large", external, ModelHosting.External), 0));
    return new AnswererChain(members, request -> DraftAnswer.extractive("x [1]"));
  }

  @Test
  void confidentialContextKeepsTheSelfHostedModels() {
    ModelSelection selection =
        ModelSelection.of(rules(ModelViolationAction.Fallback), chain(true), evidence("rh"));

    assertThat(selection.sensitivity()).isEqualTo(Sensitivity.Confidential);
    assertThat(selection.allowed()).containsExactly("vllm-local");
    assertThat(selection.refused()).containsExactly("mistral-large");
    assertThat(selection.rejected()).isFalse();
    assertThat(selection.chain().members())
        .extracting(m -> m.answerer().name())
        .containsExactly("vllm-local");
    assertThat(selection.decision())
        .isEqualTo(
            new AuditEvent.Decision(
                "model-rules",
                "restricted",
                "sensitivity Confidential; allowed: vllm-local; refused: mistral-large"));
  }

  @Test
  void anEarlierAnswerFromConfidentialSourcesMakesAPublicContextConfidential() {
    List<Turn> history =
        List.of(
            new Turn(
                "Que dit la note RH ?",
                "Que dit la note RH ?",
                "La note dit … [1]",
                List.of(List.of("rh"))));
    ModelSelection selection =
        ModelSelection.of(
            rules(ModelViolationAction.Fallback), chain(true), evidence("public"), history);

    assertThat(selection.sensitivity()).isEqualTo(Sensitivity.Confidential);
    assertThat(selection.allowed()).containsExactly("vllm-local");
    // a conversation sent by the client carries no sources: only the evidence counts
    assertThat(
            ModelSelection.of(
                    rules(ModelViolationAction.Fallback),
                    chain(true),
                    evidence("public"),
                    List.of(new Turn("q", "q", "a")))
                .refused())
        .isEmpty();
  }

  @Test
  void noModelAllowedFallsBackToTheExtractiveAnswerer() {
    ModelSelection selection =
        ModelSelection.of(rules(ModelViolationAction.Fallback), chain(false), evidence("rh"));

    assertThat(selection.rejected()).isFalse();
    assertThat(selection.chain().members()).isEmpty();
    assertThat(selection.decision().outcome()).isEqualTo("extractive");
    assertThat(selection.decision().detail())
        .isEqualTo("sensitivity Confidential; allowed: none; refused: mistral-large");
  }

  @Test
  void noModelAllowedIsRejectedWhenThePolicySaysSo() {
    ModelSelection selection =
        ModelSelection.of(rules(ModelViolationAction.Reject), chain(false), evidence("rh"));

    assertThat(selection.rejected()).isTrue();
    assertThat(selection.decision().outcome()).isEqualTo("rejected");
    assertThat(ModelSelection.REJECTED_REASON).isEqualTo("model_not_allowed");
    assertThat(external.requests()).isEmpty();
  }

  @Test
  void internalContextGoesToEveryModel() {
    ModelSelection selection =
        ModelSelection.of(rules(ModelViolationAction.Reject), chain(true), evidence("wiki"));

    assertThat(selection.sensitivity()).isEqualTo(Sensitivity.Internal);
    assertThat(selection.refused()).isEmpty();
    assertThat(selection.decision())
        .isEqualTo(
            new AuditEvent.Decision(
                "model-rules",
                "allowed",
                "sensitivity Internal; allowed: mistral-large, vllm-local"));
  }
}
