package io.hubia.runtime.answer;

import static io.hubia.runtime.answer.AnswerFixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.runtime.answer.Verification.ClaimCheck;
import io.hubia.runtime.answer.Verification.Decision;
import io.hubia.runtime.answer.Verification.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class CitationVerifierTest {
  private static final List<Evidence> FR =
      List.of(
          new Evidence(
              1,
              chunk(
                  "c1",
                  "Convention collective",
                  "Le délai de préavis en cas de démission est de deux mois pour les cadres. Il"
                      + " est d'un mois pour les employés et les ouvriers."),
              0.8),
          new Evidence(
              2,
              chunk(
                  "c2",
                  "Mutuelle d'entreprise",
                  "Pour adhérer à la mutuelle, le salarié remplit le formulaire d'adhésion et le"
                      + " remet au service des ressources humaines avant le 15 du mois. La"
                      + " cotisation est prise en charge à 50 % par l'employeur."),
              0.7),
          new Evidence(
              3,
              chunk(
                  "c3",
                  "Congés payés",
                  "Les salariés bénéficient de cinq semaines de congés payés par an. Les congés"
                      + " sont posés au moins un mois à l'avance dans l'outil de gestion des"
                      + " temps."),
              0.6));

  private static final List<Evidence> EN =
      List.of(
          new Evidence(
              1,
              chunk(
                  "e1",
                  "Leave policy",
                  "Employees are entitled to 25 days of paid leave per year. Leave requests must"
                      + " be submitted two weeks in advance through the HR portal."),
              0.8),
          new Evidence(
              2,
              chunk(
                  "e2",
                  "Remote work",
                  "Staff may work from home up to two days a week with their manager's"
                      + " approval."),
              0.6));

  private final CitationVerifier verifier = new CitationVerifier(AnswerFixtures.embedder());

  private Verification verify(String draft, List<Evidence> evidence) {
    return verifier.verify(DraftAnswer.extractive(draft), evidence, CitationSettings.DEFAULTS);
  }

  @Test
  void keepsAClaimCopiedFromItsChunk() {
    Verification v =
        verify("Le délai de préavis en cas de démission est de deux mois pour les cadres [1].", FR);
    assertThat(v.decision()).isEqualTo(Decision.SUFFICIENT);
    assertThat(v.claims())
        .singleElement()
        .satisfies(c -> assertThat(c.supportScore()).isGreaterThan(0.9));
    assertThat(v.text())
        .isEqualTo("Le délai de préavis en cas de démission est de deux mois pour les cadres [1].");
    assertThat(v.cited()).containsExactly(FR.get(0));
    assertThat(v.supportedShare()).isEqualTo(1.0);
  }

  @Test
  void keepsAParaphrase() {
    Verification v =
        verify(
            "Pour les cadres, le préavis de démission dure deux mois [1]. L'employeur prend en"
                + " charge la moitié de la cotisation, soit 50 % [2].",
            FR);
    assertThat(v.claims()).allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.SUPPORTED));
    assertThat(v.claims())
        .allSatisfy(c -> assertThat(c.supportScore()).isGreaterThanOrEqualTo(0.5));
    assertThat(v.sufficient()).isTrue();
  }

  @Test
  void keepsAnEnglishParaphrase() {
    Verification v = verify("Employees get 25 days of paid leave every year [1].", EN);
    assertThat(v.claims())
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(Status.SUPPORTED));
  }

  @Test
  void cutsAClaimWhoseNumberIsNotInItsChunk() {
    Verification v =
        verify(
            "Le délai de préavis en cas de démission est de deux mois pour les cadres [1]. La"
                + " cotisation est prise en charge à 60 % par l'employeur [2].",
            FR);
    assertThat(v.claims().get(1).status()).isEqualTo(Status.CUT);
    assertThat(v.claims().get(1).reason()).isEqualTo(Verification.UNSUPPORTED_NUMBER);
    assertThat(v.text()).doesNotContain("60");
    assertThat(v.supportedShare()).isEqualTo(0.5);
    assertThat(v.decision()).isEqualTo(Decision.SUFFICIENT); // half kept: minSupportedShare 0.5
  }

  @Test
  void cutsNumbersAndDatesWrittenInWordsOrInDigits() {
    assertThat(
            verify("Le délai de préavis des cadres démissionnaires est de trois mois [1].", FR)
                .claims()
                .get(0)
                .reason())
        .isEqualTo(Verification.UNSUPPORTED_NUMBER);
    assertThat(
            verify("Employees are entitled to 30 days of paid leave per year [1].", EN)
                .claims()
                .get(0)
                .reason())
        .isEqualTo(Verification.UNSUPPORTED_NUMBER);
    assertThat(
            verify("Le formulaire est remis aux ressources humaines avant le 15 mars 2024 [2].", FR)
                .claims()
                .get(0)
                .reason())
        .isEqualTo(Verification.UNSUPPORTED_NUMBER);
  }

  @Test
  void cutsAClaimNamingSomeoneTheChunkDoesNotName() {
    Verification v =
        verify(
            "Le salarié remet le formulaire d'adhésion à Mme Durand, du service des ressources"
                + " humaines [2].",
            FR);
    assertThat(v.claims().get(0).reason()).isEqualTo(Verification.UNSUPPORTED_NAME);
    assertThat(v.decision()).isEqualTo(Decision.INSUFFICIENT_SUPPORT);
  }

  @Test
  void cutsAClaimItsCitedChunkDoesNotSupport() {
    // true in chunk 3, but cited as chunk 1
    Verification v =
        verify("Les salariés bénéficient de cinq semaines de congés payés par an [1].", FR);
    ClaimCheck claim = v.claims().get(0);
    assertThat(claim.status()).isEqualTo(Status.CUT);
    assertThat(claim.reason()).isEqualTo(Verification.UNSUPPORTED);
    assertThat(claim.supportScore()).isLessThan(0.5);
    assertThat(v.decision()).isEqualTo(Decision.INSUFFICIENT_SUPPORT);
    assertThat(v.supportedShare()).isZero();
  }

  @Test
  void cutsAFabricatedMarker() {
    Verification v =
        verify(
            "Le délai de préavis des cadres est de deux mois [1]. Les congés sont posés un mois à"
                + " l'avance [7].",
            FR);
    assertThat(v.claims().get(1).reason()).isEqualTo(Verification.INVALID_CITATION);
    assertThat(v.claims().get(1).cited()).containsExactly(7);
    assertThat(v.text()).isEqualTo("Le délai de préavis des cadres est de deux mois [1].");
    assertThat(v.cutReasons()).containsEntry(Verification.INVALID_CITATION, 1);
  }

  @Test
  void aClaimWithOneFabricatedMarkerAmongGoodOnesIsCut() {
    Verification v = verify("Le délai de préavis des cadres est de deux mois [1][4].", FR);
    assertThat(v.claims().get(0).reason()).isEqualTo(Verification.INVALID_CITATION);
  }

  @Test
  void cutsAnUncitedFact() {
    Verification v =
        verify(
            "Le délai de préavis des cadres est de deux mois [1]. Les cadres ont aussi droit à"
                + " une prime annuelle.",
            FR);
    assertThat(v.claims().get(1).status()).isEqualTo(Status.CUT);
    assertThat(v.claims().get(1).reason()).isEqualTo(Verification.UNCITED);
    assertThat(v.text()).doesNotContain("prime");
  }

  @Test
  void keepsNonFactualClaimsWithoutCitation() {
    Verification v =
        verify(
            "Voici ce que disent les sources :\n"
                + "- Le délai de préavis des cadres est de deux mois [1].\n"
                + "- Il est d'un mois pour les employés [1].\n\n"
                + "Souhaitez-vous d'autres précisions ? N'hésitez pas à me poser d'autres"
                + " questions.",
            FR);
    assertThat(v.claims())
        .extracting(ClaimCheck::status)
        .containsExactly(
            Status.NON_FACTUAL,
            Status.SUPPORTED,
            Status.SUPPORTED,
            Status.NON_FACTUAL,
            Status.NON_FACTUAL);
    assertThat(v.nonFactualClaims()).isEqualTo(3);
    assertThat(v.factualClaims()).isEqualTo(2);
    assertThat(v.supportedShare()).isEqualTo(1.0);
    assertThat(v.text())
        .startsWith("Voici ce que disent les sources :\n- Le délai")
        .contains("employés [1].\n\nSouhaitez-vous");
  }

  @Test
  void keepsEnglishTransitionsAndQuestions() {
    Verification v =
        verify(
            "Here is what the documents say: Employees are entitled to 25 days of paid leave per"
                + " year [1]. Would you like more details?",
            EN);
    assertThat(v.claims())
        .extracting(ClaimCheck::status)
        .containsExactly(Status.NON_FACTUAL, Status.SUPPORTED, Status.NON_FACTUAL);
  }

  @Test
  void dropsATransitionThatNoFactFollows() {
    Verification v =
        verify(
            "Le délai de préavis des cadres est de deux mois [1]. Voici d'autres éléments :\n"
                + "- Les cadres ont une prime annuelle [1].",
            FR);
    assertThat(v.text()).isEqualTo("Le délai de préavis des cadres est de deux mois [1].");
  }

  @Test
  void renumbersCitationsInOrderOfFirstAppearance() {
    Verification v =
        verify(
            "Les salariés bénéficient de cinq semaines de congés payés par an [3]. Le délai de"
                + " préavis des cadres est de deux mois [1]. Les congés sont posés un mois à"
                + " l'avance [3, 1].",
            FR);
    assertThat(v.claims()).allSatisfy(c -> assertThat(c.kept()).isTrue());
    assertThat(v.text())
        .isEqualTo(
            "Les salariés bénéficient de cinq semaines de congés payés par an [1]. Le délai de"
                + " préavis des cadres est de deux mois [2]. Les congés sont posés un mois à"
                + " l'avance [1][2].");
    assertThat(v.cited()).containsExactly(FR.get(2), FR.get(0));
    assertThat(v.claims().get(2).cited()).containsExactly(3, 1);
  }

  @Test
  void renumbersWithoutTheCutClaimsCitations() {
    Verification v =
        verify(
            "La cotisation est prise en charge à 80 % [2]. Le délai de préavis des cadres est de"
                + " deux mois [3][1]. Cinq semaines de congés payés par an [3].",
            FR);
    // claim 1 cut (number), claim 2: chunk 1 supports it (best of its citations)
    assertThat(v.claims().get(0).kept()).isFalse();
    assertThat(v.claims().get(1).kept()).isTrue();
    assertThat(v.text())
        .isEqualTo(
            "Le délai de préavis des cadres est de deux mois [1][2]. Cinq semaines de congés"
                + " payés par an [1].");
    assertThat(v.cited()).containsExactly(FR.get(2), FR.get(0));
  }

  @Test
  void parsesMarkerVariants() {
    for (String marker : List.of("[1]", "[1][2]", "[1, 2]", "[1-2]", "[2;1]")) {
      Verification v =
          verify("Le délai de préavis des cadres est de deux mois " + marker + ".", FR);
      assertThat(v.claims()).singleElement().satisfies(c -> assertThat(c.kept()).isTrue());
    }
    Verification after = verify("Le délai de préavis des cadres est de deux mois. [1]", FR);
    assertThat(after.claims()).hasSize(1);
    assertThat(after.claims().get(0).cited()).containsExactly(1);
    Verification inline =
        verify("Le préavis des cadres [1] est de deux mois, celui des employés d'un mois [1].", FR);
    assertThat(inline.claims()).singleElement().satisfies(c -> assertThat(c.kept()).isTrue());
  }

  @Test
  void anEmptyDraftIsNoAnswer() {
    Verification v = verify("  ", FR);
    assertThat(v.decision()).isEqualTo(Decision.NO_ANSWER);
    assertThat(v.decision().reason()).isEqualTo("no_answer");
    assertThat(v.text()).isEmpty();
    assertThat(v.cited()).isEmpty();
  }

  @Test
  void aDraftWithoutFactsIsNoAnswer() {
    Verification v =
        verify(
            "Je n'ai pas trouvé cette information dans les documents. Pouvez-vous préciser ?", FR);
    assertThat(v.decision()).isEqualTo(Decision.NO_ANSWER);
    assertThat(v.nonFactualClaims()).isEqualTo(2);
  }

  @Test
  void tooFewSupportedClaimsIsInsufficient() {
    Verification v =
        verify(
            "Le délai de préavis des cadres est de deux mois [1]. Les cadres ont une voiture de"
                + " fonction [1]. La cotisation est prise en charge à 90 % [2].",
            FR);
    assertThat(v.supportedShare()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(v.decision()).isEqualTo(Decision.INSUFFICIENT_SUPPORT);
    assertThat(v.decision().reason()).isEqualTo("insufficient_support");
    assertThat(v.supportedClaims()).isEqualTo(1);
    assertThat(v.cutClaims()).isEqualTo(2);
  }

  @Test
  void thresholdsComeFromTheSettings() {
    String draft = "Les cadres démissionnaires doivent respecter un préavis [1].";
    Verification strict =
        verifier.verify(DraftAnswer.extractive(draft), FR, new CitationSettings(0.99, 0.2, 0.5));
    Verification lax =
        verifier.verify(DraftAnswer.extractive(draft), FR, new CitationSettings(0.1, 0.2, 0.5));
    assertThat(strict.sufficient()).isFalse();
    assertThat(lax.sufficient()).isTrue();
  }

  @Test
  void keepsMarkdownOfKeptClaims() {
    Verification v =
        verify("**Délai** : le préavis de démission est de deux mois pour les cadres [1].", FR);
    assertThat(v.text())
        .isEqualTo("**Délai** : le préavis de démission est de deux mois pour les cadres [1].");
  }
}
