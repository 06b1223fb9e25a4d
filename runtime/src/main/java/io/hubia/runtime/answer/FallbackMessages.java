package io.hubia.runtime.answer;

import io.hubia.api.v1alpha1.spec.CitationSpec;
import io.hubia.api.v1alpha1.spec.FallbackMessage;
import io.hubia.api.v1alpha1.spec.Language;

/** The reply when the sources are not enough: the spec's message for the language, else Hubia's. */
public final class FallbackMessages {
  /** Hubia's fallback message in French. */
  public static final String DEFAULT_FR =
      "Je suis désolé, les documents à ma disposition ne me permettent pas de répondre de façon"
          + " fiable à cette question. Vous pouvez la reformuler, ou vous adresser à une personne"
          + " du service concerné.";

  /** Hubia's fallback message in English. */
  public static final String DEFAULT_EN =
      "I'm sorry, the documents available to me do not allow a reliable answer to this question."
          + " You can rephrase it, or contact a person from the relevant department.";

  private FallbackMessages() {}

  /**
   * The fallback message in {@code language} ({@code null} means French): the one {@code
   * spec.fallbackMessages} gives for it, else Hubia's default.
   */
  public static String of(CitationSpec spec, Language language) {
    Language lang = language == null ? Language.FR : language;
    if (spec != null && spec.getFallbackMessages() != null) {
      for (FallbackMessage message : spec.getFallbackMessages()) {
        if (message != null
            && message.getLanguage() == lang
            && message.getText() != null
            && !message.getText().isBlank()) {
          return message.getText().strip();
        }
      }
    }
    return defaultFor(lang);
  }

  /** Hubia's default fallback message in {@code language} ({@code null} means French). */
  public static String defaultFor(Language language) {
    return language == Language.EN ? DEFAULT_EN : DEFAULT_FR;
  }
}
