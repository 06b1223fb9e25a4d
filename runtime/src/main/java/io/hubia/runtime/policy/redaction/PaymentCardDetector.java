package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits, in groups separated by spaces or dashes ({@code 4970 1012
 * 3456 7893}), whose first digit is that of a card network (2 to 6: Mastercard, Amex, Diners, JCB,
 * Visa, CB, Maestro, Discover, UnionPay), and whose Luhn check digit holds.
 */
final class PaymentCardDetector implements Detector {
  static final int MIN_DIGITS = 13;
  static final int MAX_DIGITS = 19;

  @Override
  public PersonalDataType type() {
    return PersonalDataType.PaymentCard;
  }

  @Override
  public void find(String text, List<Detection> found) {
    for (DigitGroups.Candidate c :
        DigitGroups.candidates(
            text, DigitGroups.Separators.SPACES_AND_DASHES, MIN_DIGITS, MAX_DIGITS)) {
      if (valid(c.digits())) {
        found.add(new Detection(type(), c.start(), c.end()));
      }
    }
  }

  static boolean valid(String digits) {
    char network = digits.isEmpty() ? '0' : digits.charAt(0);
    return digits.length() >= MIN_DIGITS
        && digits.length() <= MAX_DIGITS
        && network >= '2'
        && network <= '6'
        && DigitGroups.luhn(digits);
  }
}
