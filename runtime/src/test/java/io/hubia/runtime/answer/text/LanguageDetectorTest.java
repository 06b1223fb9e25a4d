package io.hubia.runtime.answer.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.Language;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageDetectorTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Comment adhérer à la mutuelle ?",
        "Quel est le délai de préavis pour une démission ?",
        "Les salariés ont droit à cinq semaines de congés payés par an.",
        "Où se trouve le service des ressources humaines ?",
        "Je voudrais savoir si mon contrat est renouvelé.",
      })
  void french(String text) {
    assertThat(LanguageDetector.detect(text)).contains(Language.FR);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "How do I join the health insurance plan?",
        "What is the notice period for a resignation?",
        "Employees are entitled to five weeks of paid leave per year.",
        "Where is the human resources department?",
        "I would like to know whether my contract will be renewed.",
      })
  void english(String text) {
    assertThat(LanguageDetector.detect(text)).contains(Language.EN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "Bonjour", "Hello", "Paris", "Kubernetes operator", "OK"})
  void cannotTellFromTooLittle(String text) {
    assertThat(LanguageDetector.detect(text)).isEmpty();
  }
}
