package io.hubia.runtime.policy.redaction;

import java.math.BigInteger;

/**
 * Made-up identification numbers whose check digits the test computes itself (not through the
 * library under test), so that no real person's or company's number appears in the tests.
 */
final class TestNumbers {
  private TestNumbers() {}

  /** {@code body} followed by its Luhn check digit. */
  static String luhn(String body) {
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int digit = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return body + (10 - sum % 10) % 10;
  }

  /** {@code valid} with its last digit changed: its check fails. */
  static String wrongLastDigit(String valid) {
    char last = valid.charAt(valid.length() - 1);
    return valid.substring(0, valid.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
  }

  /** The IBAN of {@code country} and {@code bban}, with its ISO 7064 mod-97 check digits. */
  static String iban(String country, String bban) {
    String rearranged = bban + country + "00";
    StringBuilder digits = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    int check = 98 - new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
    return country + String.format("%02d", check) + bban;
  }

  /** A 13-character NIR body followed by its key (2A and 2B counting as 19 and 18). */
  static String nir(String body) {
    String digits = body.replace("2A", "19").replace("2B", "18");
    long key = 97 - Long.parseLong(digits) % 97;
    return body + String.format("%02d", key);
  }

  /** {@code compact} in groups of the given sizes, separated by {@code separator}. */
  static String grouped(String compact, String separator, int... sizes) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int size : sizes) {
      if (at > 0) {
        out.append(separator);
      }
      out.append(compact, at, at + size);
      at += size;
    }
    if (at != compact.length()) {
      throw new IllegalArgumentException("groups do not cover " + compact);
    }
    return out.toString();
  }

  /** In groups of four, as IBANs and cards are printed. */
  static String byFour(String compact) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < compact.length(); i += 4) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(compact, i, Math.min(compact.length(), i + 4));
    }
    return out.toString();
  }
}
