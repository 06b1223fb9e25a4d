package io.hubia.runtime.policy.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * French numbers of the usual examples and of ARCEP's fixed-line range for fiction (01 99 00), and
 * foreign examples. (ARCEP's mobile range for fiction, 06 39 98, is outside libphonenumber's plan:
 * not a valid number, hence not found.)
 */
class PhoneDetectorTest {
  private static List<String> found(String text) {
    List<Detection> out = new ArrayList<>();
    new PhoneDetector().find(text, out);
    return out.stream().map(d -> text.substring(d.start(), d.end())).toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "+33612345678",
        "0033 6 12 34 56 78",
        "01 99 00 12 34",
        "+44 20 7946 0958",
        "+49 30 901820",
        "+1 415 555 2671",
      })
  void findsTheUsualFormsWhole(String number) {
    assertThat(found("Appelez le " + number + " avant midi.")).containsExactly(number);
    assertThat(found("Please call " + number + ", thanks")).containsExactly(number);
  }

  @Test
  void findsSeveralNumbersInOneText() {
    assertThat(found("Tél. 01 99 00 12 34 ou portable 06 12 34 56 78 (ou +33 6 98 76 54 32)."))
        .containsExactly("01 99 00 12 34", "06 12 34 56 78", "+33 6 98 76 54 32");
  }

  @Test
  void aNumberFollowedByACitationMarkerOrOtherDigitsIsStillFound() {
    assertThat(found("Le service RH répond au 06 12 34 56 78 [1]."))
        .containsExactly("06 12 34 56 78");
    assertThat(found("au 06 12 34 56 78 15 jours avant, ou au +44 20 7946 0958 2 fois"))
        .containsExactly("06 12 34 56 78", "+44 20 7946 0958");
    assertThat(found("06 12 34 56 78 06 98 76 54 32"))
        .containsExactly("06 12 34 56 78", "06 98 76 54 32");
    assertThat(found("+33(0)612345678")).containsExactly("+33(0)612345678");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "l'article L1221-19 du code du travail",
        "un préavis de 15 jours",
        "2,5 jours ouvrables par mois",
        "75008 Paris",
        "le 01/03/2026",
        "le 01.03.2026 à 14h30",
        "1 234 567,89 €",
        "un salaire de 12 345 678 euros",
        "SIREN 123 456 782",
        "SIRET 123 456 782 00022",
        "1 84 12 76 451 089 46",
        "see section 4.2.1 of RFC 5321",
        "from 2024-03-01 to 2026-03-01",
        "a national US number, (415) 555-2671",
      })
  void leavesWhatIsNotAFrenchOrInternationalNumber(String text) {
    assertThat(found(text)).isEmpty();
  }
}
