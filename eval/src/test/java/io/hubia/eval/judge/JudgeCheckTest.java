package io.hubia.eval.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeCheckTest {
  @TempDir Path dir;

  @Test
  void theShippedLabelsCoverBothLanguagesEveryKindAndBothAnswers() throws Exception {
    List<JudgeCheck.Label> labels = JudgeCheck.shipped();

    assertThat(labels).hasSizeBetween(40, 60);
    assertThat(labels)
        .extracting(JudgeCheck.Label::language)
        .containsOnly("fr", "en")
        .contains("en");
    assertThat(labels.stream().filter(l -> l.language().equals("fr")).count()).isGreaterThan(30);
    assertThat(labels)
        .extracting(JudgeCheck.Label::kind)
        .containsOnly("verbatim", "paraphrase", "numbers", "negation", "partial", "unrelated")
        .contains("verbatim", "paraphrase", "numbers", "negation", "partial", "unrelated");
    long supported = labels.stream().filter(JudgeCheck.Label::supported).count();
    assertThat(supported).isBetween(20L, 36L);
    assertThat(labels).allSatisfy(label -> assertThat(label.reason()).isNotBlank());
  }

  /**
   * Measured on the shipped set (56 pairs) with the default threshold 0.7: 22 both supported, 1
   * judged supported against its label, 7 supported pairs missed (paraphrases), 26 both not
   * supported; accuracy 0.857, kappa 0.716. The bar leaves a small margin for label additions.
   */
  @Test
  void theLexicalJudgeAgreesWithTheShippedLabels() throws Exception {
    JudgeCheck.Agreement agreement =
        JudgeCheck.measure(new LexicalSupportJudge(), JudgeCheck.shipped());

    assertThat(agreement.kappa()).isGreaterThanOrEqualTo(0.68);
    assertThat(agreement.accuracy()).isGreaterThanOrEqualTo(0.83);
    assertThat(agreement.judgeOnly())
        .as("unsupported pairs judged supported")
        .isLessThanOrEqualTo(2);
    assertThat(agreement.noVerdicts()).isZero();
    assertThat(agreement.acceptable()).isTrue();
  }

  @Test
  void kappaIsCohensOnTheConfusionTable() {
    // 20 both, 5 judge only, 10 label only, 15 neither: p_o = 35/50 = 0.7;
    // judge yes 25/50, label yes 30/50: p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2 / 0.5 = 0.4.
    JudgeCheck.Agreement agreement = new JudgeCheck.Agreement(20, 5, 10, 15, 0, List.of());

    assertThat(agreement.items()).isEqualTo(50);
    assertThat(agreement.accuracy()).isCloseTo(0.7, within(1e-12));
    assertThat(agreement.kappa()).isCloseTo(0.4, within(1e-12));
    assertThat(agreement.acceptable()).isFalse();
    assertThat(new JudgeCheck.Agreement(3, 0, 0, 0, 0, List.of()).kappa()).isNaN();
    assertThat(new JudgeCheck.Agreement(3, 0, 0, 0, 0, List.of()).acceptable()).isFalse();
  }

  @Test
  void aJudgeThatAlwaysSaysYesHasNoAgreementBeyondChance() throws Exception {
    JudgeCheck.Agreement agreement =
        JudgeCheck.measure(
            (sentence, passage) -> SupportJudge.Verdict.SUPPORTED, JudgeCheck.shipped());

    assertThat(agreement.kappa()).isCloseTo(0.0, within(1e-12));
    assertThat(agreement.acceptable()).isFalse();
  }

  @Test
  void refusesLabelsWithoutAnAnswerOrWithARepeatedId() throws Exception {
    Path repeated = dir.resolve("repeated.yaml");
    Files.writeString(
        repeated,
        """
        - {id: a, language: fr, kind: verbatim, sentence: "A.", snippet: "A.", supported: true, reason: r}
        - {id: a, language: fr, kind: verbatim, sentence: "B.", snippet: "B.", supported: true, reason: r}
        """);
    Path unanswered = dir.resolve("unanswered.yaml");
    Files.writeString(
        unanswered, "- {id: a, language: fr, kind: verbatim, sentence: \"A.\", snippet: \"A.\"}\n");

    assertThatThrownBy(() -> JudgeCheck.read(repeated)).hasMessageContaining("repeated id 'a'");
    assertThatThrownBy(() -> JudgeCheck.read(unanswered))
        .hasMessageContaining("needs a sentence, a snippet and supported");
  }
}
