package io.hubia.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hubia.eval.CitationMetrics.CitedSentence;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CitationMetricsTest {
  private static final double EPS = 1e-9;

  private static final String COTISATIONS = "adhesion/cotisations.md";
  private static final String BAREME = "adhesion/bareme.md";
  private static final String STATUTS = "adhesion/statuts.md";
  private static final String REGLEMENT = "adhesion/reglement.md";

  // s1 cites 2, 1 supports; s2 cites 1, none supports; s3 states no fact; s4 states a fact and
  // cites nothing; s5 cites 1, which supports.
  private static final List<CitedSentence> ANSWER =
      List.of(
          new CitedSentence(
              "La cotisation annuelle est de 150 € [1][2].",
              true,
              List.of(COTISATIONS, BAREME),
              Set.of(COTISATIONS)),
          new CitedSentence("Elle est due au 1er janvier [3].", true, List.of(STATUTS), Set.of()),
          new CitedSentence("Voici le détail :", false, List.of(), Set.of()),
          new CitedSentence("Le paiement se fait par virement.", true, List.of(), Set.of()),
          CitedSentence.supportedBy(
              "Les membres d'honneur en sont exemptés [2].", List.of(BAREME)));

  @Test
  void precisionCountsSupportingCitationsOverAllCitations() {
    // cited: 2 + 1 + 0 + 0 + 1 = 4; supporting: 1 + 0 + 0 + 0 + 1 = 2; 2 / 4 = 0.5
    assertThat(CitationMetrics.citationPrecision(ANSWER).getAsDouble()).isEqualTo(0.5);
  }

  @Test
  void precisionCountsAPerSentenceRepeatedCitationOnce() {
    // cited [statuts, statuts, bareme] -> {statuts, bareme}: 2 citations, 1 supporting; 1/2
    List<CitedSentence> answer =
        List.of(
            new CitedSentence(
                "L'AG a lieu en juin [1][1][2].",
                true,
                List.of(STATUTS, STATUTS, BAREME),
                Set.of(STATUTS)));
    assertThat(CitationMetrics.citationPrecision(answer).getAsDouble()).isEqualTo(0.5);
  }

  @Test
  void precisionCountsADocumentCitedByTwoSentencesTwice() {
    // bareme cited by s1 (supports) and s2 (does not): 1 / 2
    List<CitedSentence> answer =
        List.of(
            CitedSentence.supportedBy("Le tarif réduit est de 75 € [1].", List.of(BAREME)),
            new CitedSentence("Il s'applique aux étudiants [1].", true, List.of(BAREME), Set.of()));
    assertThat(CitationMetrics.citationPrecision(answer).getAsDouble()).isEqualTo(0.5);
  }

  @Test
  void precisionWithoutCitationsIsNotApplicable() {
    // 0 citations: 0 / 0, undefined
    List<CitedSentence> uncited =
        List.of(new CitedSentence("La cotisation est de 150 €.", true, List.of(), Set.of()));
    assertThat(CitationMetrics.citationPrecision(uncited)).isEmpty();
    assertThat(CitationMetrics.citationPrecision(List.of())).isEmpty();
  }

  @Test
  void recallCountsExpectedSourcesCitedAnywhere() {
    // cited anywhere: {cotisations, bareme, statuts}; expected {cotisations, bareme, reglement};
    // 2 of 3 expected are cited: 2/3
    assertThat(
            CitationMetrics.citationRecall(ANSWER, List.of(COTISATIONS, BAREME, REGLEMENT))
                .getAsDouble())
        .isCloseTo(2.0 / 3.0, within(EPS));
    // the same from the set of cited ids; a repeated expected source counts once: 1/1
    assertThat(CitationMetrics.citationRecall(List.of(BAREME), List.of(BAREME, BAREME)))
        .isEqualTo(OptionalDouble.of(1.0));
  }

  @Test
  void recallEdgeCases() {
    // nothing cited, 2 expected: 0 / 2 = 0
    assertThat(CitationMetrics.citationRecall(List.<String>of(), List.of(COTISATIONS, BAREME)))
        .isEqualTo(OptionalDouble.of(0.0));
    // nothing expected (a fallback case): 0 / 0, undefined, whatever is cited
    assertThat(CitationMetrics.citationRecall(ANSWER, List.of())).isEmpty();
  }

  @Test
  void groundednessCountsSupportedFactSentences() {
    // fact-stating: s1, s2, s4, s5 = 4; supported among them: s1, s5 = 2; 2 / 4 = 0.5
    // (s3 states no fact and is left out; s4 cites nothing and is unsupported)
    assertThat(CitationMetrics.groundedness(ANSWER).getAsDouble()).isEqualTo(0.5);
  }

  @Test
  void groundednessEdgeCases() {
    // an answer with facts and no citation at all: 0 / 2 = 0
    List<CitedSentence> uncited =
        List.of(
            new CitedSentence("La cotisation est de 150 €.", true, List.of(), Set.of()),
            new CitedSentence("Elle est due en janvier.", true, List.of(), Set.of()));
    assertThat(CitationMetrics.groundedness(uncited)).isEqualTo(OptionalDouble.of(0.0));
    // a fallback states no fact: 0 / 0, undefined
    List<CitedSentence> fallback =
        List.of(
            new CitedSentence(
                "Je ne trouve pas cette information dans les sources.",
                false,
                List.of(),
                Set.of()));
    assertThat(CitationMetrics.groundedness(fallback)).isEmpty();
    assertThat(CitationMetrics.groundedness(List.of())).isEmpty();
  }

  @Test
  void supportMustComeFromACitedDocument() {
    assertThatThrownBy(
            () -> new CitedSentence("Texte [1].", true, List.of(STATUTS), Set.of(BAREME)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(BAREME);
  }
}
