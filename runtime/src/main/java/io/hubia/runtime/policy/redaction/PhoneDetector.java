package io.hubia.runtime.policy.redaction;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Phone numbers, validated by libphonenumber (Google's, used by Android) against the numbering plan
 * of their country: French numbers as written in France ({@code 06 12 34 56 78}, {@code
 * 06.12.34.56.78}, {@code 0612345678}, {@code +33 6 12 34 56 78}, {@code +33 (0)6 12 34 56 78},
 * {@code 0033 6 12 34 56 78}) and international numbers with their country code ({@code +44 20 7946
 * 0958}).
 *
 * <p>Candidates are read here, not by libphonenumber's own finder, which gives up on a number
 * followed by other digits: {@code 06 12 34 56 78 [1]} (a citation marker) or {@code 06 12 34 56 78
 * 15 jours}. A candidate starts with {@code +} or with the {@code 0} of a French number or of the
 * {@code 00} international prefix, never after a letter or a digit, and is made of digit groups
 * separated by one space, dot or dash ({@code (0)} allowed after the country code); the longest run
 * of its groups that is a valid number wins. So dates, amounts, postcodes, SIRENs and NIRs (no
 * leading 0 or +, or not valid) are no phone numbers. A national number of another country written
 * without its country code ({@code (415) 555-2671}) is not recognised.
 */
final class PhoneDetector implements Detector {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /** Numbers written without country code are read as French ones. */
  static final String DEFAULT_REGION = "FR";

  /** Fewest digits of a number with its country code (e.g. some Pacific islands' 5 + 3). */
  static final int MIN_DIGITS = 7;

  /** Most digits read: E.164's 15, the international prefix 00 and a (0). */
  static final int MAX_DIGITS = 18;

  @Override
  public PersonalDataType type() {
    return PersonalDataType.Phone;
  }

  @Override
  public void find(String text, List<Detection> found) {
    int n = text.length();
    int lastEnd = -1;
    for (int i = 0; i < n; i++) {
      if (!startsCandidate(text, i, lastEnd)) {
        continue;
      }
      int end = longestValid(text, i);
      if (end > 0) {
        found.add(new Detection(type(), i, end));
        lastEnd = end;
        i = end - 1;
      }
    }
  }

  /**
   * A {@code +} before a digit, or a {@code 0}; not after a letter or a digit, nor after a
   * separator that follows a digit (inside a longer number), unless that digit ended the previous
   * phone number ({@code 06 12 34 56 78 06 98 76 54 32}).
   */
  private static boolean startsCandidate(String text, int i, int lastEnd) {
    char c = text.charAt(i);
    boolean plus = c == '+' && i + 1 < text.length() && DigitGroups.isDigit(text.charAt(i + 1));
    if (!plus && c != '0') {
      return false;
    }
    if (i == 0) {
      return true;
    }
    char before = text.charAt(i - 1);
    if (Character.isLetterOrDigit(before) || before == '+') {
      return false;
    }
    return !(separator(before) && i >= 2 && DigitGroups.isDigit(text.charAt(i - 2)))
        || i - 1 == lastEnd;
  }

  /** The end of the longest valid number starting at {@code start}, or -1. */
  private static int longestValid(String text, int start) {
    int n = text.length();
    List<Integer> ends = new ArrayList<>();
    int digits = 0;
    int j = text.charAt(start) == '+' ? start + 1 : start;
    while (true) {
      while (j < n && DigitGroups.isDigit(text.charAt(j)) && digits <= MAX_DIGITS) {
        digits++;
        j++;
      }
      if (digits > MAX_DIGITS || !DigitGroups.endsToken(text, j)) {
        break;
      }
      if (digits >= MIN_DIGITS) {
        ends.add(j);
      }
      int next = nextGroup(text, j);
      if (next < 0) {
        break;
      }
      j = next;
    }
    for (int k = ends.size() - 1; k >= 0; k--) {
      if (valid(text.substring(start, ends.get(k)))) {
        return ends.get(k);
      }
    }
    return -1;
  }

  /**
   * Where the next digit group starts after a group ending at {@code j}: past one separator, or
   * past {@code (0)} with a separator on either side or none; -1 when the number ends here.
   */
  private static int nextGroup(String text, int j) {
    int n = text.length();
    int k = j < n && separator(text.charAt(j)) ? j + 1 : j;
    if (k + 2 < n && text.startsWith("(0)", k)) {
      k += 3;
      if (k < n && separator(text.charAt(k))) {
        k++;
      }
    }
    return k > j && k < n && DigitGroups.isDigit(text.charAt(k)) ? k : -1;
  }

  private static boolean separator(char c) {
    return DigitGroups.isSpace(c) || c == '.' || c == '-';
  }

  /** Whether {@code raw} is a valid number of its country (French without a country code). */
  static boolean valid(String raw) {
    try {
      return PHONES.isValidNumber(PHONES.parse(raw, DEFAULT_REGION));
    } catch (NumberParseException e) {
      return false;
    }
  }
}
