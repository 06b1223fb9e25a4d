package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.List;
import java.util.Locale;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * IBAN (ISO 13616), French or foreign, in one block or in groups of four ({@code FR76 3000 6000
 * 0112 3456 7890 189}): a country that uses IBANs, exactly that country's length and format, and
 * the mod-97 check (Commons Validator's {@link IBANValidator}, which knows every registered
 * country).
 */
final class IbanDetector implements Detector {
  private static final IBANValidator IBANS = IBANValidator.getInstance();

  /** The longest IBAN of the registry. */
  static final int MAX_LENGTH = 34;

  @Override
  public PersonalDataType type() {
    return PersonalDataType.Iban;
  }

  @Override
  public void find(String text, List<Detection> found) {
    int n = text.length();
    for (int i = 0; i + 4 <= n; i++) {
      if (!asciiLetter(text.charAt(i))
          || !asciiLetter(text.charAt(i + 1))
          || !DigitGroups.isDigit(text.charAt(i + 2))
          || !DigitGroups.isDigit(text.charAt(i + 3))
          || (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
        continue;
      }
      IBANValidator.Validator country =
          IBANS.getValidator(text.substring(i, i + 2).toUpperCase(Locale.ROOT));
      if (country == null) {
        continue;
      }
      int length = Math.min(country.getIbanLength(), MAX_LENGTH);
      StringBuilder code = new StringBuilder(length);
      int j = i;
      while (j < n && code.length() < length) {
        char c = text.charAt(j);
        if (asciiLetterOrDigit(c)) {
          code.append(Character.toUpperCase(c));
          j++;
        } else if (DigitGroups.isSpace(c) && j + 1 < n && asciiLetterOrDigit(text.charAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      if (code.length() == length
          && DigitGroups.endsToken(text, j)
          && IBANS.isValid(code.toString())) {
        found.add(new Detection(type(), i, j));
        i = j - 1;
      }
    }
  }

  private static boolean asciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean asciiLetterOrDigit(char c) {
    return asciiLetter(c) || DigitGroups.isDigit(c);
  }
}
