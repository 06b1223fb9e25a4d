package io.hubia.runtime.policy.redaction;

import static io.hubia.runtime.policy.redaction.TestNumbers.grouped;
import static io.hubia.runtime.policy.redaction.TestNumbers.luhn;
import static io.hubia.runtime.policy.redaction.TestNumbers.wrongLastDigit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SirenDetectorTest {
  static final String SIREN = luhn("12345678");

  private static List<String> found(String text) {
    List<Detection> out = new ArrayList<>();
    new SirenDetector().find(text, out);
    return out.stream().map(d -> text.substring(d.start(), d.end())).toList();
  }

  private static String spaced(String siren) {
    return grouped(siren, " ", 3, 3, 3);
  }

  @Test
  void findsSirensWithOrWithoutSpaces() {
    assertThat(found("L'entreprise (SIREN " + spaced(SIREN) + ") emploie 12 salariés."))
        .containsExactly(spaced(SIREN));
    assertThat(found("SIREN:" + SIREN)).containsExactly(SIREN);
    assertThat(found("The company number is " + SIREN + ".")).containsExactly(SIREN);
    String narrow = grouped(SIREN, "\u202F", 3, 3, 3);
    assertThat(found(narrow)).containsExactly(narrow);
  }

  @Test
  void aWrongCheckDigitLeavesTheNumber() {
    assertThat(found("SIREN " + spaced(wrongLastDigit(SIREN)))).isEmpty();
    assertThat(found("000 000 000")).isEmpty();
  }

  @Test
  void amountsAndLongerNumbersAreLeft() {
    assertThat(found(spaced(SIREN) + " €")).isEmpty();
    assertThat(found(spaced(SIREN) + " euros")).isEmpty();
    assertThat(found("€" + spaced(SIREN))).isEmpty();
    assertThat(found("EUR " + spaced(SIREN))).isEmpty();
    assertThat(found(spaced(SIREN) + ",50")).isEmpty();
    assertThat(found("1" + SIREN)).isEmpty();
    assertThat(found("L" + SIREN)).isEmpty();
    assertThat(found("12 " + spaced(SIREN))).isEmpty();
  }

  @Test
  void theSirenAtTheHeadOfASiretIsACandidate() {
    // overlaps are the redactor's to resolve: the SIRET wins there
    assertThat(found(spaced(SIREN) + " 00022")).containsExactly(spaced(SIREN));
  }
}
