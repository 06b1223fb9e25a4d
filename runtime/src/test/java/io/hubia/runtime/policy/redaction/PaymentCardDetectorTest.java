package io.hubia.runtime.policy.redaction;

import static io.hubia.runtime.policy.redaction.TestNumbers.byFour;
import static io.hubia.runtime.policy.redaction.TestNumbers.grouped;
import static io.hubia.runtime.policy.redaction.TestNumbers.luhn;
import static io.hubia.runtime.policy.redaction.TestNumbers.wrongLastDigit;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentCardDetectorTest {
  static final String VISA = luhn("497010123456789");
  static final String AMEX = luhn("37828224631000");
  static final String LONG = luhn("621234567890123456");

  private static List<String> found(String text) {
    List<Detection> out = new ArrayList<>();
    new PaymentCardDetector().find(text, out);
    return out.stream().map(d -> text.substring(d.start(), d.end())).toList();
  }

  @Test
  void findsCardsWithSpacesDashesOrNothing() {
    assertThat(found("Ma carte " + byFour(VISA) + " a été débitée.")).containsExactly(byFour(VISA));
    String dashes = byFour(VISA).replace(' ', '-');
    assertThat(found("card " + dashes + ", exp 12/28")).containsExactly(dashes);
    assertThat(found("card number " + VISA)).containsExactly(VISA);
    String amex = grouped(AMEX, " ", 4, 6, 5);
    assertThat(found("Amex " + amex)).containsExactly(amex);
    assertThat(found("UnionPay " + LONG)).containsExactly(LONG);
  }

  @Test
  void aWrongCheckDigitOrNetworkLeavesTheNumber() {
    assertThat(found(byFour(wrongLastDigit(VISA)))).isEmpty();
    assertThat(found(luhn("197010123456789"))).isEmpty();
    assertThat(found(luhn("897010123456789"))).isEmpty();
  }

  @Test
  void tooShortOrTooLongNumbersAreLeft() {
    assertThat(found(luhn("49701012345"))).isEmpty();
    assertThat(found(luhn("4970101234567890123"))).isEmpty();
    assertThat(found("commande n° " + VISA + "7")).isEmpty();
  }
}
