package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.List;

/**
 * SIRET, the 14-digit number of an establishment: its SIREN and a 5-digit NIC ({@code 123 456 782
 * 00028}). The Luhn check must hold over the 14 digits, except for La Poste's establishments (SIREN
 * 356 000 000), too many for the Luhn key: theirs is valid when the sum of the digits is a multiple
 * of 5.
 */
final class SiretDetector implements Detector {
  static final int DIGITS = 14;

  /** La Poste's SIREN. */
  static final String LA_POSTE = "356000000";

  @Override
  public PersonalDataType type() {
    return PersonalDataType.Siret;
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
    if (digits.length() != DIGITS) {
      return false;
    }
    if (digits.startsWith(LA_POSTE)) {
      return digits.chars().map(c -> c - '0').sum() % 5 == 0;
    }
    return DigitGroups.luhn(digits);
  }
}
