package io.hubia.runtime.policy.redaction;

import static io.hubia.runtime.policy.redaction.TestNumbers.byFour;
import static io.hubia.runtime.policy.redaction.TestNumbers.iban;
import static io.hubia.runtime.policy.redaction.TestNumbers.wrongLastDigit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class IbanDetectorTest {
  /** A French IBAN: bank 30006, branch 00001, account 12345678901, RIB key 89. */
  static final String FR = iban("FR", "30006000011234567890189");

  /** A German one: 8-digit bank code, 10-digit account. */
  static final String DE = iban("DE", "370400440532013000");

  /** A British one, with letters: bank NWBK, sort code 601613, account 31926819. */
  static final String GB = iban("GB", "NWBK60161331926819");

  private static List<String> found(String text) {
    List<Detection> out = new ArrayList<>();
    new IbanDetector().find(text, out);
    return out.stream().map(d -> text.substring(d.start(), d.end())).toList();
  }

  @Test
  void findsFrenchIbansPrintedOrCompact() {
    assertThat(FR).hasSize(27);
    assertThat(found("Mon IBAN : " + byFour(FR) + ", merci.")).containsExactly(byFour(FR));
    assertThat(found("IBAN " + FR + ".")).containsExactly(FR);
    String lower = byFour(FR).toLowerCase(Locale.ROOT);
    assertThat(found("iban " + lower)).containsExactly(lower);
  }

  @Test
  void findsForeignIbansInEnglishText() {
    assertThat(found("Pay to " + byFour(DE) + " or to " + GB + " by Friday."))
        .containsExactly(byFour(DE), GB);
  }

  @Test
  void aWrongCheckLeavesTheNumber() {
    assertThat(found("IBAN " + byFour(wrongLastDigit(FR)))).isEmpty();
    String swapped = FR.substring(0, 2) + FR.charAt(3) + FR.charAt(2) + FR.substring(4);
    assertThat(found(swapped.equals(FR) ? "" : "IBAN " + swapped)).isEmpty();
  }

  @Test
  void theLengthMustBeTheCountrysOne() {
    // a French check on a German length, and a valid IBAN glued to more characters
    assertThat(found(iban("FR", "3000600001123456789018"))).isEmpty();
    assertThat(found(FR + "7")).isEmpty();
    assertThat(found("X" + FR)).isEmpty();
  }

  @Test
  void unknownCountriesAndWordsAreLeft() {
    assertThat(found(iban("ZZ", "30006000011234567890189"))).isEmpty();
    assertThat(found("les articles AB12 et CD34 5678 de la convention")).isEmpty();
  }
}
