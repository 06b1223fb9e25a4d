package io.hubia.runtime.policy.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Identification numbers as people write them: groups of ASCII digits separated by one space
 * ({@code 123 456 782 00028}), or written as one block ({@code 12345678200028}).
 *
 * <p>A candidate starts where a run of groups starts (not right after a letter or a digit, nor
 * after a separator that follows a digit: never in the middle of a run) and ends at the end of one
 * of its groups, never inside a group nor against a letter. So {@code L1221-19} (after a letter)
 * and the last 9 digits of a 14-digit block are no candidates, while the first three groups of a
 * SIRET are (the SIREN it contains: overlaps are resolved later, the longer number winning).
 * Numbers written as amounts are no candidates: followed by a decimal part ({@code ,50}), or
 * preceded or followed by a currency ({@code €}, {@code EUR}, {@code euros}, {@code $}...).
 */
final class DigitGroups {
  /** Characters that separate groups. */
  enum Separators {
    /** Space, no-break space, narrow no-break space (French typography). */
    SPACES,
    /** The same and a dash, as card numbers are written. */
    SPACES_AND_DASHES;

    boolean test(char c) {
      return isSpace(c) || (this == SPACES_AND_DASHES && c == '-');
    }
  }

  /**
   * A candidate number.
   *
   * @param start index of its first digit
   * @param end index after its last digit
   * @param digits its digits, without separators
   */
  record Candidate(int start, int end, String digits) {}

  private static final Set<String> CURRENCY_WORDS =
      Set.of("eur", "euro", "euros", "usd", "dollar", "dollars", "gbp", "chf");

  private DigitGroups() {}

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\u00A0' || c == '\u202F';
  }

  /** Whether a run of groups starts at {@code i} (a digit there is assumed). */
  static boolean startsRun(String text, int i, Separators separators) {
    if (i == 0) {
      return true;
    }
    char before = text.charAt(i - 1);
    if (Character.isLetterOrDigit(before)) {
      return false;
    }
    return !(separators.test(before) && i >= 2 && isDigit(text.charAt(i - 2)));
  }

  /** Whether {@code end} is the end of a token: the text ends or no letter or digit follows. */
  static boolean endsToken(String text, int end) {
    return end >= text.length() || !Character.isLetterOrDigit(text.charAt(end));
  }

  /**
   * The candidates of {@code minDigits} to {@code maxDigits} digits, at every run start and every
   * group end of that run, amounts excluded. Linear in the text: each run is read once, at most
   * {@code maxDigits} digits far.
   */
  static List<Candidate> candidates(
      String text, Separators separators, int minDigits, int maxDigits) {
    List<Candidate> found = new ArrayList<>();
    int n = text.length();
    for (int i = 0; i < n; i++) {
      if (!isDigit(text.charAt(i)) || !startsRun(text, i, separators)) {
        continue;
      }
      StringBuilder digits = new StringBuilder(maxDigits + 1);
      int j = i;
      while (true) {
        while (j < n && isDigit(text.charAt(j)) && digits.length() <= maxDigits) {
          digits.append(text.charAt(j++));
        }
        if (digits.length() > maxDigits || !endsToken(text, j)) {
          break;
        }
        if (digits.length() >= minDigits && !amount(text, i, j)) {
          found.add(new Candidate(i, j, digits.toString()));
        }
        if (j + 1 < n && separators.test(text.charAt(j)) && isDigit(text.charAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      i = Math.max(i, j - 1);
    }
    return found;
  }

  /** Whether the number at {@code [start, end)} is written as an amount. */
  static boolean amount(String text, int start, int end) {
    int n = text.length();
    if (end + 1 < n && (text.charAt(end) == ',' || text.charAt(end) == '.')) {
      if (isDigit(text.charAt(end + 1))) {
        return true;
      }
    }
    int after = end < n && isSpace(text.charAt(end)) ? end + 1 : end;
    if (after < n && isCurrencySymbol(text.charAt(after))) {
      return true;
    }
    int wordEnd = after;
    while (wordEnd < n && Character.isLetter(text.charAt(wordEnd)) && wordEnd - after < 8) {
      wordEnd++;
    }
    if (CURRENCY_WORDS.contains(text.substring(after, wordEnd).toLowerCase(Locale.ROOT))
        && endsToken(text, wordEnd)) {
      return true;
    }
    int before = start > 0 && isSpace(text.charAt(start - 1)) ? start - 1 : start;
    if (before > 0 && isCurrencySymbol(text.charAt(before - 1))) {
      return true;
    }
    int wordStart = before;
    while (wordStart > 0
        && Character.isLetter(text.charAt(wordStart - 1))
        && before - wordStart < 8) {
      wordStart--;
    }
    return wordStart < before
        && CURRENCY_WORDS.contains(text.substring(wordStart, before).toLowerCase(Locale.ROOT))
        && (wordStart == 0 || !Character.isLetterOrDigit(text.charAt(wordStart - 1)));
  }

  private static boolean isCurrencySymbol(char c) {
    return c == '€' || c == '$' || c == '£' || c == '%';
  }

  /** Whether {@code digits} pass the Luhn check and are not all zeros (which would pass it). */
  static boolean luhn(String digits) {
    return !digits.chars().allMatch(c -> c == '0')
        && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits);
  }
}
