package io.hubia.runtime.policy.redaction;

import static io.hubia.runtime.policy.redaction.TestNumbers.grouped;
import static io.hubia.runtime.policy.redaction.TestNumbers.luhn;
import static io.hubia.runtime.policy.redaction.TestNumbers.wrongLastDigit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;
import org.junit.jupiter.api.Test;

class SiretDetectorTest {
  static final String SIRET = luhn(SirenDetectorTest.SIREN + "0002");

  private static List<String> found(String text) {
    List<Detection> out = new ArrayList<>();
    new SiretDetector().find(text, out);
    return out.stream().map(d -> text.substring(d.start(), d.end())).toList();
  }

  @Test
  void findsSiretsAsTheyAreWritten() {
    assertThat(SIRET).hasSize(14);
    String spaced = grouped(SIRET, " ", 3, 3, 3, 5);
    assertThat(found("Établissement SIRET " + spaced + ", à Lyon.")).containsExactly(spaced);
    assertThat(found("SIRET " + SIRET)).containsExactly(SIRET);
    String fours = grouped(SIRET, " ", 3, 3, 3, 3, 2);
    assertThat(found("Our SIRET is " + fours)).containsExactly(fours);
  }

  @Test
  void aWrongCheckDigitLeavesTheNumber() {
    assertThat(found(wrongLastDigit(SIRET))).isEmpty();
    assertThat(found(grouped(SIRET, " ", 3, 3, 3, 5) + " €")).isEmpty();
  }

  @Test
  void laPostesEstablishmentsAreValidWhenTheirDigitsSumToAMultipleOf5() {
    // 3+5+6 = 14: a NIC whose digits sum to 1 (mod 5) makes a valid SIRET of La Poste
    String laPoste = "356000000" + "00010";
    assertThat(laPoste.chars().map(c -> c - '0').sum() % 5).isZero();
    assertThat(LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(laPoste)).isFalse();
    assertThat(found("bureau de poste, SIRET " + grouped(laPoste, " ", 3, 3, 3, 5))).hasSize(1);
    String notLaPoste = "356000000" + "00046";
    assertThat(LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(notLaPoste)).isFalse();
    assertThat(found(notLaPoste)).isEmpty();
  }
}
