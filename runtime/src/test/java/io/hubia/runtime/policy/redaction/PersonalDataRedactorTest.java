package io.hubia.runtime.policy.redaction;

import static io.hubia.runtime.policy.redaction.TestNumbers.byFour;
import static io.hubia.runtime.policy.redaction.TestNumbers.grouped;
import static io.hubia.runtime.policy.redaction.TestNumbers.wrongLastDigit;
import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.RedactionSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataRedactorTest {
  private static final String EMAIL = "marie.dupont@exemple.fr";
  private static final String PHONE = "06 12 34 56 78";
  private static final String IBAN = byFour(IbanDetectorTest.FR);
  private static final String NIR = grouped(NirDetectorTest.MAN, " ", 1, 2, 2, 2, 3, 3, 2);
  private static final String SIREN = grouped(SirenDetectorTest.SIREN, " ", 3, 3, 3);
  private static final String SIRET = grouped(SiretDetectorTest.SIRET, " ", 3, 3, 3, 5);
  private static final String CARD = byFour(PaymentCardDetectorTest.VISA);

  private final PersonalDataRedactor all = new PersonalDataRedactor(null, null);

  @Test
  void redactsEveryKindInAFrenchQuestion() {
    String question =
        "Bonjour, je suis Marie ("
            + EMAIL
            + ", "
            + PHONE
            + "), NIR "
            + NIR
            + ". Mon employeur (SIRET "
            + SIRET
            + ", SIREN "
            + SIREN
            + ") verse mon salaire sur "
            + IBAN
            + " ; ma carte "
            + CARD
            + " a été débitée deux fois. Que faire ?";

    Redacted redacted = all.redact(question);

    assertThat(redacted.text())
        .isEqualTo(
            "Bonjour, je suis Marie ([EMAIL], [PHONE]), NIR [NIR]. Mon employeur (SIRET [SIRET],"
                + " SIREN [SIREN]) verse mon salaire sur [IBAN] ; ma carte [CARD] a été débitée"
                + " deux fois. Que faire ?");
    assertThat(redacted.counts())
        .containsExactly(
            Map.entry(PersonalDataType.Email, 1),
            Map.entry(PersonalDataType.Phone, 1),
            Map.entry(PersonalDataType.Iban, 1),
            Map.entry(PersonalDataType.Nir, 1),
            Map.entry(PersonalDataType.Siren, 1),
            Map.entry(PersonalDataType.Siret, 1),
            Map.entry(PersonalDataType.PaymentCard, 1));
    assertThat(redacted.total()).isEqualTo(7);
  }

  @Test
  void redactsAnEnglishQuestion() {
    String question =
        "Hi, I'm John (john.smith@example.co.uk, +44 20 7946 0958). Can you pay my expenses to "
            + byFour(IbanDetectorTest.GB)
            + " rather than card "
            + CARD.replace(' ', '-')
            + "?";
    assertThat(all.redact(question).text())
        .isEqualTo(
            "Hi, I'm John ([EMAIL], [PHONE]). Can you pay my expenses to [IBAN] rather than card"
                + " [CARD]?");
  }

  @Test
  void aSiretIsOneSiretNotASirenAndFiveDigits() {
    assertThat(all.redact("SIRET " + SIRET).text()).isEqualTo("SIRET [SIRET]");
    assertThat(all.redact("SIRET " + SiretDetectorTest.SIRET).text()).isEqualTo("SIRET [SIRET]");
  }

  @Test
  void aNirIsNeitherAPhoneNorACard() {
    String woman = TestNumbers.nir("2841276451089");
    assertThat(all.redact(woman).text()).isEqualTo("[NIR]");
    assertThat(all.redact(grouped(woman, " ", 1, 2, 2, 2, 3, 3, 2)).text()).isEqualTo("[NIR]");
    assertThat(all.redact(NIR).counts()).containsOnlyKeys(PersonalDataType.Nir);
  }

  @Test
  void anAddressWithDigitsIsOneAddress() {
    assertThat(all.redact("0612345678@exemple.fr").text()).isEqualTo("[EMAIL]");
    assertThat(all.redact(IbanDetectorTest.FR + "@banque.example").text()).isEqualTo("[EMAIL]");
  }

  @Test
  void overlapsResolveLongestThenMostSpecific() {
    Detection siret = new Detection(PersonalDataType.Siret, 0, 17);
    Detection siren = new Detection(PersonalDataType.Siren, 0, 11);
    Detection card = new Detection(PersonalDataType.PaymentCard, 0, 17);
    Detection phone = new Detection(PersonalDataType.Phone, 20, 34);
    assertThat(PersonalDataRedactor.resolve(List.of(phone, siren, card, siret)))
        .containsExactly(siret, phone);
  }

  @Test
  void kindsTheyDoNotRedactAreLeftWhole() {
    PersonalDataRedactor emailOnly =
        new PersonalDataRedactor(List.of(PersonalDataType.Email), null);
    assertThat(emailOnly.redact(EMAIL + " " + PHONE).text()).isEqualTo("[EMAIL] " + PHONE);
    // without SIRETs, a SIRET stays whole: it does not lose its SIREN
    PersonalDataRedactor sirenOnly =
        new PersonalDataRedactor(List.of(PersonalDataType.Siren), null);
    assertThat(sirenOnly.redact("SIRET " + SIRET).text()).isEqualTo("SIRET " + SIRET);
    assertThat(sirenOnly.redact("SIREN " + SIREN).text()).isEqualTo("SIREN [SIREN]");
  }

  @Test
  void thePolicysReplacementNamesTheKindWhereItSaysSo() {
    RedactionSpec spec = new RedactionSpec();
    spec.setReplacement("<{type} masqué>");
    assertThat(PersonalDataRedactor.of(spec).redact("Écrire à " + EMAIL).text())
        .isEqualTo("Écrire à <EMAIL masqué>");
    spec.setReplacement("***");
    assertThat(PersonalDataRedactor.of(spec).redact(PHONE + " / " + CARD).text())
        .isEqualTo("*** / ***");
    assertThat(PersonalDataRedactor.of(null).replacement(PersonalDataType.PaymentCard))
        .isEqualTo("[CARD]");
  }

  @Test
  void numbersFailingTheirCheckAreLeft() {
    String text =
        "IBAN "
            + byFour(wrongLastDigit(IbanDetectorTest.FR))
            + ", NIR "
            + wrongLastDigit(NirDetectorTest.MAN)
            + ", SIRET "
            + wrongLastDigit(SiretDetectorTest.SIRET)
            + ", carte "
            + byFour(wrongLastDigit(PaymentCardDetectorTest.VISA));
    assertThat(all.redact(text).text()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Selon l'article L1221-19 du code du travail, la période d'essai dure 2 mois.",
        "Le délai de prévenance est de 15 jours.",
        "Le salarié acquiert 2,5 jours ouvrables par mois.",
        "Le siège est au 12 rue de la Paix, 75008 Paris.",
        "À compter du 01/03/2026, ou du 01.03.2026, ou du 2026-03-01.",
        "Une prime de 1 234 567,89 € ou de 123 456 789 € ou de 3 500 euros.",
        "Le taux passe de 12,5 % à 13 %, soit 10 000 000 EUR de plus.",
        "Articles R. 3243-1 et D. 3171-8 ; convention n° 3248, IDCC 1486.",
        "The trial period lasts 4 months under section 1221-19; fee of $1,234,567.89.",
        "Version 1.10.0, du 1er janvier 2026, à 14h30 ou 10:30.",
        "Le code postal 69003 et la référence 2026-0042.",
      })
  void leavesAmountsDatesPostcodesAndArticles(String text) {
    Redacted redacted = all.redact(text);
    assertThat(redacted.text()).isEqualTo(text);
    assertThat(redacted.found()).isFalse();
  }

  @Test
  void emptyAndNullTextsPassThrough() {
    assertThat(all.redact(null).text()).isNull();
    assertThat(all.redact("").text()).isEmpty();
    assertThat(all.detect("Pas de chiffre ni d'arobase ici.")).isEmpty();
  }
}
