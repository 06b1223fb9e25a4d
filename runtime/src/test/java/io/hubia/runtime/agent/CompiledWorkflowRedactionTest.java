package io.hubia.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.api.v1alpha1.spec.RedactionSpec;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.hubia.runtime.answer.AnswerRequest;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.answer.Turn;
import io.hubia.runtime.answer.model.ModelAnswerer;
import io.hubia.runtime.answer.model.ReplayingChatModel;
import io.hubia.runtime.api.CitationView;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.RuntimeConfigLoader;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.runtime.policy.redaction.RedactionMetrics;
import io.hubia.runtime.policy.redaction.RedactionTally;
import io.hubia.runtime.testing.SampleConfig;
import io.hubia.search.retrieve.RetrievedChunk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The redaction a workflow compiles from its PolicySet, and what the model receives: with {@code
 * Question} among the targets, the prompt holds no personal data of the question or of the
 * conversation the caller sent (the model is replayed from a fixture).
 */
class CompiledWorkflowRedactionTest {
  private static final String EMAIL = "marie.dupont@exemple.fr";
  private static final String PHONE = "06 12 34 56 78";
  private static final String QUESTION =
      "Je suis joignable au " + PHONE + " ou à " + EMAIL + " : combien de jours de congés ?";

  private static CompiledWorkflow compile(RedactionSpec redaction) throws Exception {
    ConfigSnapshot snapshot =
        new RuntimeConfigLoader()
            .parse(
                SampleConfig.valid("assistant", 1, "membres", 1).getBytes(StandardCharsets.UTF_8),
                "test");
    snapshot.config().getPolicy().getSpec().setRedaction(redaction);
    return new CompiledWorkflow(snapshot, new InProcessEmbedder(), RedactionMetrics.none());
  }

  private static RedactionSpec targets(RedactionTarget... targets) {
    RedactionSpec spec = new RedactionSpec();
    spec.setTargets(List.of(targets));
    return spec;
  }

  private static Evidence evidence() {
    RetrievedChunk chunk =
        new RetrievedChunk(
            "conges#0",
            "national:conges.md",
            "Congés payés (contact : rh@federation.example)",
            "https://intranet.example/conges",
            0,
            List.of("public"),
            List.of(),
            "Le salarié acquiert 2,5 jours ouvrables de congés par mois de travail effectif.",
            null,
            3.0,
            0.8,
            0.7);
    return new Evidence(1, chunk, 0.8);
  }

  /** The text of every user message sent to the model. */
  private static String sentToModel(CompiledWorkflow w, String question, List<Turn> history)
      throws Exception {
    ReplayingChatModel model =
        ReplayingChatModel.fromJson(
            """
            {"model": "m", "entries": [{"regex": ".", "text":
              "Le salarié acquiert 2,5 jours ouvrables par mois [1].",
              "inputTokens": 10, "outputTokens": 5}]}
            """);
    new ModelAnswerer("m", model)
        .answer(
            new AnswerRequest(
                question, Language.FR, List.of(evidence()), history, w.systemPrompt(null)));
    List<ChatMessage> messages = model.requests().get(0).messages();
    return messages.stream()
        .filter(UserMessage.class::isInstance)
        .map(m -> ((UserMessage) m).singleText())
        .collect(Collectors.joining("\n"));
  }

  @Test
  void withTheQuestionTargetTheModelNeverSeesThePersonalDataOfTheConversation() throws Exception {
    CompiledWorkflow w = compile(targets(RedactionTarget.Question, RedactionTarget.Audit));
    RedactionTally tally = new RedactionTally();
    // what AskService does with the question it reads and the conversation a caller sends
    String question = w.redaction.redact(RedactionTarget.Question, QUESTION, tally);
    List<Turn> history =
        w.redactHistory(
            List.of(new Turn("Mon IBAN a changé, j'écris de " + EMAIL, null, "Noté [1].")), tally);

    String sent = sentToModel(w, question, history);

    assertThat(sent)
        .contains("Question : Je suis joignable au [PHONE] ou à [EMAIL] : combien de jours")
        .contains("Mon IBAN a changé, j'écris de [EMAIL]")
        .doesNotContain(EMAIL)
        .doesNotContain(PHONE);
    assertThat(tally.decisions())
        .singleElement()
        .isEqualTo(
            new io.hubia.runtime.audit.AuditEvent.Decision(
                "redaction:question", "redacted", "Email=2, Phone=1"));
  }

  @Test
  void byDefaultTheQuestionReachesTheModelAsAsked() throws Exception {
    CompiledWorkflow w = compile(null);
    assertThat(w.redaction.targets())
        .containsExactlyInAnyOrder(RedactionTarget.Logs, RedactionTarget.Audit);
    RedactionTally tally = new RedactionTally();
    String question = w.redaction.redact(RedactionTarget.Question, QUESTION, tally);
    assertThat(w.redactHistory(null, tally)).isNull();

    assertThat(sentToModel(w, question, List.of())).contains(EMAIL).contains(PHONE);
    assertThat(tally.decisions()).isEmpty();
  }

  @Test
  void withTheAnswerTargetCitationsLeaveRedactedToo() throws Exception {
    CitationView citation =
        new CitationView(
            1,
            "national:conges.md",
            "Congés payés (contact : rh@federation.example)",
            "https://intranet.example/conges?contact=rh@federation.example",
            "Pour toute question : " + PHONE,
            0.9);
    RedactionTally tally = new RedactionTally();

    CitationView shown =
        compile(targets(RedactionTarget.Answer)).redactCitations(List.of(citation), tally).get(0);

    assertThat(shown.title()).isEqualTo("Congés payés (contact : [EMAIL])");
    assertThat(shown.snippet()).isEqualTo("Pour toute question : [PHONE]");
    assertThat(shown.uri()).isEqualTo(citation.uri());
    assertThat(compile(null).redactCitations(List.of(citation), tally)).containsExactly(citation);
  }
}
