package io.hubia.runtime.answer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.CitationSpec;
import io.hubia.api.v1alpha1.spec.FallbackMessage;
import io.hubia.api.v1alpha1.spec.Language;
import org.junit.jupiter.api.Test;

class FallbackMessagesTest {
  @Test
  void defaultsInFrenchAndEnglish() {
    assertThat(FallbackMessages.of(null, Language.FR))
        .isEqualTo(FallbackMessages.DEFAULT_FR)
        .contains("reformuler")
        .contains("personne");
    assertThat(FallbackMessages.of(new CitationSpec(), Language.EN))
        .isEqualTo(FallbackMessages.DEFAULT_EN)
        .contains("rephrase")
        .contains("person");
    assertThat(FallbackMessages.of(null, null)).isEqualTo(FallbackMessages.DEFAULT_FR);
  }

  @Test
  void theSpecMessageForTheLanguageWins() {
    CitationSpec spec = new CitationSpec();
    FallbackMessage fr = new FallbackMessage();
    fr.setLanguage(Language.FR);
    fr.setText("  Contactez le 3949.  ");
    spec.getFallbackMessages().add(fr);
    assertThat(FallbackMessages.of(spec, Language.FR)).isEqualTo("Contactez le 3949.");
    assertThat(FallbackMessages.of(spec, Language.EN)).isEqualTo(FallbackMessages.DEFAULT_EN);
  }
}
