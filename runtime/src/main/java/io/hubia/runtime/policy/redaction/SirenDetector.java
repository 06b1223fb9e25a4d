package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.List;

/**
 * SIREN, the 9-digit number of a French company or sole trader ({@code 123 456 782}): its Luhn
 * check digit must hold.
 */
final class SirenDetector implements Detector {
  static final int DIGITS = 9;

  @Override
  public PersonalDataType type() {
    return PersonalDataType.Siren;
  }

  @Override
  public void find(String text, List<Detection> found) {
    for (DigitGroups.Candidate c :
        DigitGroups.candidates(text, DigitGroups.Separators.SPACES, DIGITS, DIGITS)) {
      if (valid(c.digits())) {
        found.add(new Detection(type(), c.start(), c.end()));
      }
    }
  }

  static boolean valid(String digits) {
    return digits.length() == DIGITS && DigitGroups.luhn(digits);
  }
}
