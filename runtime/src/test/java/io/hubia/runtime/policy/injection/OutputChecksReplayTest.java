package io.hubia.runtime.policy.injection;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.answer.AnswerRequest;
import io.hubia.runtime.answer.CitationSettings;
import io.hubia.runtime.answer.CitationVerifier;
import io.hubia.runtime.answer.DraftAnswer;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.answer.Verification;
import io.hubia.runtime.answer.model.ModelAnswerer;
import io.hubia.runtime.answer.model.PromptBuilder;
import io.hubia.runtime.answer.model.ReplayingChatModel;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.search.retrieve.RetrievedChunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replayed model answer that followed an injection (answer/model/injection-output.json): the
 * output checks, in the order AskService runs them around the citation verifier, leave the facts
 * and nothing of the rules or the exfiltrating image.
 */
class OutputChecksReplayTest {
  private static final String URI = "https://intranet.federation.example/rh/teletravail";
  private static CitationVerifier verifier;

  private static final List<Evidence> FRENCH =
      List.of(
          new Evidence(
              1,
              chunk(
                  "tt-0",
                  "Le télétravail est possible deux jours par semaine, après accord du"
                      + " responsable hiérarchique."),
              0.8),
          new Evidence(
              2,
              chunk(
                  "tt-1",
                  "La demande de télétravail se fait dans l'outil de gestion des temps, au moins"
                      + " une semaine à l'avance."),
              0.7));

  private static final List<Evidence> ENGLISH =
      List.of(
          new Evidence(
              1,
              chunk(
                  "tt-en-0",
                  "Remote work is possible two days a week, with the agreement of the line"
                      + " manager."),
              0.8));

  @BeforeAll
  static void embedder() {
    verifier = new CitationVerifier(new InProcessEmbedder());
  }

  private record Outcome(String text, List<Detection> detections) {}

  private static Outcome run(String question, Language language) throws Exception {
    ReplayingChatModel model =
        ReplayingChatModel.fromResource("answer/model/injection-output.json");
    List<Evidence> evidence = language == Language.EN ? ENGLISH : FRENCH;
    AnswerRequest request = new AnswerRequest(question, language, evidence, List.of(), null);
    DraftAnswer draft = new ModelAnswerer(model.modelName(), model).answer(request);
    InjectionDefence defence = InjectionDefence.compile(null);
    List<Detection> detections = new ArrayList<>();

    var disclosure =
        defence.checkDisclosure(draft.text(), PromptBuilder.systemPrompt(request, true));
    detections.addAll(disclosure.detections());
    assertThat(disclosure.blocked()).isFalse();
    Verification verification =
        verifier.verify(draft.withText(disclosure.text()), evidence, CitationSettings.DEFAULTS);
    assertThat(verification.sufficient()).isTrue();
    var links = defence.checkLinks(verification.text(), verification.cited(), language);
    detections.addAll(links.detections());
    return new Outcome(links.text(), detections);
  }

  @Test
  void frenchAnswerLosesTheRulesAndTheImage() throws Exception {
    Outcome outcome = run("Combien de jours de télétravail par semaine ?", Language.FR);

    assertThat(outcome.text())
        .contains("deux jours par semaine")
        .contains("outil de gestion des temps")
        .doesNotContain("evil")
        .doesNotContain("![")
        .doesNotContain("priment")
        .doesNotContain("donnée à lire");
    assertThat(outcome.detections())
        .extracting(d -> d.layer().tag() + "=" + d.outcome())
        .containsExactly("output_prompt_disclosure=cut", "output_link=removed");
    assertThat(outcome.detections().get(0).detail()).startsWith("2 sentences");
  }

  @Test
  void englishAnswerLosesTheRulesAndTheImage() throws Exception {
    Outcome outcome = run("How many days of remote work a week?", Language.EN);

    assertThat(outcome.text())
        .startsWith("Remote work is possible two days a week")
        .doesNotContain("evil")
        .doesNotContain("data to read");
    assertThat(outcome.detections())
        .extracting(d -> d.layer().tag())
        .containsExactly("output_prompt_disclosure", "output_link");
  }

  private static RetrievedChunk chunk(String id, String text) {
    return new RetrievedChunk(
        id,
        "rh/teletravail",
        "Le télétravail",
        URI,
        0,
        List.of("rh"),
        List.of(),
        text,
        null,
        2.0,
        0.8,
        0.7);
  }
}
