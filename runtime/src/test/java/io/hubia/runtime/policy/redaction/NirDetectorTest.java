package io.hubia.runtime.policy.redaction;

import static io.hubia.runtime.policy.redaction.TestNumbers.grouped;
import static io.hubia.runtime.policy.redaction.TestNumbers.nir;
import static io.hubia.runtime.policy.redaction.TestNumbers.wrongLastDigit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NirDetectorTest {
  /** A man born in December 1984 in department 76, commune 451, order number 089. */
  static final String MAN = nir("1841276451089");

  private static List<String> found(String text) {
    List<Detection> out = new ArrayList<>();
    new NirDetector().find(text, out);
    return out.stream().map(d -> text.substring(d.start(), d.end())).toList();
  }

  private static String spaced(String nir) {
    return grouped(nir, " ", 1, 2, 2, 2, 3, 3, 2);
  }

  @Test
  void findsNirsWithOrWithoutSpaces() {
    assertThat(found("Mon numéro de sécurité sociale est le " + spaced(MAN) + "."))
        .containsExactly(spaced(MAN));
    assertThat(found("NIR " + MAN + " (carte Vitale)")).containsExactly(MAN);
    String nbsp = grouped(MAN, "\u00A0", 1, 2, 2, 2, 3, 3, 2);
    assertThat(found("n° " + nbsp)).containsExactly(nbsp);
    assertThat(found("My social security number is " + spaced(MAN))).containsExactly(spaced(MAN));
  }

  @Test
  void corsicanDepartmentsCountAs19And18() {
    String ajaccio = nir("290052A004012");
    String bastia = nir("175082B033005");
    assertThat(found("née à Ajaccio : " + spaced(ajaccio))).containsExactly(spaced(ajaccio));
    assertThat(found("né à Bastia : " + bastia.toLowerCase()))
        .containsExactly(bastia.toLowerCase());
    // the key of 2A computed as if it were 20 does not hold
    String asIf20 = "2900520004012";
    String wrongKey = "290052A004012" + nir(asIf20).substring(13);
    assertThat(found(wrongKey)).isEmpty();
  }

  @Test
  void aWrongKeyLeavesTheNumber() {
    assertThat(found(spaced(wrongLastDigit(MAN)))).isEmpty();
  }

  @Test
  void theSexAndMonthMustBePossible() {
    assertThat(found(nir("5841276451089"))).isEmpty();
    assertThat(found(nir("1841376451089"))).isEmpty();
    assertThat(found(nir("1840076451089"))).isEmpty();
    // incomplete civil records: months 20 to 42 and 50 to 99
    assertThat(found(nir("1843076451089"))).hasSize(1);
    // provisional numbers start with 7 or 8
    assertThat(found(nir("7841276451089"))).hasSize(1);
  }

  @Test
  void aNirInsideALongerNumberIsLeft() {
    assertThat(found("9" + MAN)).isEmpty();
    assertThat(found(MAN + "3")).isEmpty();
    assertThat(found("A" + MAN)).isEmpty();
  }
}
