package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.List;

/**
 * NIR, the French social security number: 13 characters and a 2-digit key, with or without spaces
 * ({@code 1 84 12 76 451 089 46}). Sex (1, 2, or 3, 4, 7, 8 for foreign-born and provisional
 * numbers), year, month (01 to 12, or 20 to 42 and 50 to 99 when the civil record was incomplete),
 * department (2A and 2B for Corsica), commune, order number, then the key: 97 minus the 13-digit
 * number modulo 97, Corsica's 2A and 2B counting as 19 and 18.
 */
final class NirDetector implements Detector {
  static final int LENGTH = 15;

  @Override
  public PersonalDataType type() {
    return PersonalDataType.Nir;
  }

  @Override
  public void find(String text, List<Detection> found) {
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char first = text.charAt(i);
      if ("123478".indexOf(first) < 0
          || !DigitGroups.startsRun(text, i, DigitGroups.Separators.SPACES)) {
        continue;
      }
      StringBuilder symbols = new StringBuilder(LENGTH);
      int j = i;
      while (j < n && symbols.length() < LENGTH) {
        char c = text.charAt(j);
        if (symbol(symbols, c)) {
          symbols.append(Character.toUpperCase(c));
          j++;
        } else if (DigitGroups.isSpace(c) && j + 1 < n && symbol(symbols, text.charAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      if (symbols.length() == LENGTH
          && DigitGroups.endsToken(text, j)
          && valid(symbols.toString())
          && !DigitGroups.amount(text, i, j)) {
        found.add(new Detection(type(), i, j));
        i = j - 1;
      }
    }
  }

  /** Whether {@code c} can be the next character of a NIR read so far as {@code read}. */
  private static boolean symbol(CharSequence read, char c) {
    if (DigitGroups.isDigit(c)) {
      return true;
    }
    return read.length() == 6
        && read.charAt(5) == '2'
        && (c == 'A' || c == 'B' || c == 'a' || c == 'b');
  }

  /** Whether 15 characters (digits, 2A or 2B at the department) make a NIR with a right key. */
  static boolean valid(String nir) {
    if (nir.length() != LENGTH || "123478".indexOf(nir.charAt(0)) < 0) {
      return false;
    }
    int month = Integer.parseInt(nir.substring(3, 5));
    if (!(month >= 1 && month <= 12 || month >= 20 && month <= 42 || month >= 50)) {
      return false;
    }
    String department = nir.substring(5, 7);
    String body =
        switch (department) {
          case "2A" -> nir.substring(0, 5) + "19" + nir.substring(7, 13);
          case "2B" -> nir.substring(0, 5) + "18" + nir.substring(7, 13);
          default -> nir.substring(0, 13);
        };
    if (!body.chars().allMatch(c -> c >= '0' && c <= '9')
        || !nir.substring(13).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return Integer.parseInt(nir.substring(13)) == key(Long.parseLong(body));
  }

  /** The key of a 13-digit NIR body. */
  static int key(long body) {
    return (int) (97 - body % 97);
  }
}
