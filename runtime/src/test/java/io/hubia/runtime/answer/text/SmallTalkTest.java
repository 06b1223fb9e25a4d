package io.hubia.runtime.answer.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.answer.text.SmallTalk.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmallTalkTest {
  @ParameterizedTest(name = "''{0}'' is {1} in {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Bonjour !                                  | GREETING | FR",
        "bonsoir                                    | GREETING | FR",
        "Salut, ça va ?                             | GREETING | FR",
        "Coucou Hubia                               | GREETING | FR",
        "Bonjour madame                             | GREETING | FR",
        "merci beaucoup                             | THANKS   | FR",
        "Merci pour votre aide !                    | THANKS   | FR",
        "Super, merci !                             | THANKS   | FR",
        "D'accord, c'est noté.                      | THANKS   | FR",
        "Au revoir et bonne journée                 | FAREWELL | FR",
        "Merci, à bientôt !                         | FAREWELL | FR",
        "Qui êtes-vous ?                            | IDENTITY | FR",
        "Bonjour, que pouvez-vous faire pour moi ?  | IDENTITY | FR",
        "Qu'est-ce que tu peux faire ?              | IDENTITY | FR",
        "Tu es un robot ?                           | IDENTITY | FR",
        "Aide                                       | IDENTITY | FR",
        "Hello!                                     | GREETING | FR",
        "Hi there                                   | GREETING | EN",
        "Good morning!                              | GREETING | EN",
        "Thanks a lot!                              | THANKS   | EN",
        "thank you very much                        | THANKS   | EN",
        "Goodbye, have a nice day                   | FAREWELL | EN",
        "Hello, who are you?                        | IDENTITY | EN",
        "What can you do?                           | IDENTITY | EN",
        "How can you help me?                       | IDENTITY | EN",
        "ok                                         | THANKS   | FR",
      })
  void recognisesSmallTalk(String message, Kind kind, Language language) {
    assertThat(SmallTalk.recognise(message, Language.FR))
        .hasValueSatisfying(
            m -> {
              assertThat(m.kind()).isEqualTo(kind);
              assertThat(m.language()).isEqualTo(language);
              assertThat(m.reply()).isEqualTo(SmallTalk.reply(kind, language));
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bonjour, comment adhérer ?",
        "Bonjour, je voudrais connaître mes droits au congé parental.",
        "Merci de me dire quel est le délai de préavis",
        "Salut, c'est quoi le télétravail ?",
        "Qui est le directeur des ressources humaines ?",
        "Qui est le président de l'association ?",
        "Que peut-on faire contre le harcèlement ?",
        "Comment ça marche, la mutuelle ?",
        "Peux-tu m'aider à remplir ma note de frais ?",
        "Aide au logement",
        "Bonne journée de solidarité : quand a-t-elle lieu ?",
        "Hello, how do I reset my password?",
        "Thanks, and what about sick leave?",
        "Who is the data protection officer?",
        "What can I do if my payslip is wrong?",
        "Can you help me with the expense report?",
        "Hi! When is the office closed?",
        "Help with VPN access",
        "",
        "?!",
        "oui",
      })
  void isNotSmallTalkWhenItAsksForInformation(String message) {
    assertThat(SmallTalk.recognise(message, Language.FR)).isEmpty();
    assertThat(SmallTalk.isSmallTalk(message)).isFalse();
  }

  @Test
  void neutralWordsTakeThePreferredLanguage() {
    assertThat(SmallTalk.recognise("Hello !", Language.EN))
        .hasValueSatisfying(m -> assertThat(m.language()).isEqualTo(Language.EN));
    assertThat(SmallTalk.recognise("OK, cool", null))
        .hasValueSatisfying(m -> assertThat(m.language()).isEqualTo(Language.FR));
  }

  @Test
  void repliesSayWhatTheAgentDoes() {
    for (Kind kind : Kind.values()) {
      assertThat(SmallTalk.reply(kind, Language.FR)).contains("documents de référence");
      assertThat(SmallTalk.reply(kind, Language.EN)).contains("reference documents");
    }
  }
}
