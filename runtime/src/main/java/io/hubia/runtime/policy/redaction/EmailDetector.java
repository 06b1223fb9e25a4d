package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.List;

/**
 * E-mail addresses, as RFC 5321 writes them without quoting: a local part of at most 64 letters,
 * digits and {@code .!#$%&'*+/?^_`{|}~-} (accented letters too), {@code @}, and a domain of at
 * least two dot-separated labels whose last one has two letters or more ({@code
 * marie.dupont+rh@exemple.fr}). The RFC's {@code =} is left out of the local part: in {@code
 * email=marie@exemple.fr} (a log line, a tool's arguments) the address starts after it.
 *
 * <p>Read by hand from each {@code @}, left then right, each side at most its maximal length: time
 * linear in the text, no regular expression whose backtracking an adversarial question could make
 * explode.
 */
final class EmailDetector implements Detector {
  static final int MAX_LOCAL = 64;
  static final int MAX_DOMAIN = 253;
  private static final String LOCAL_SYMBOLS = ".!#$%&'*+/?^_`{|}~-";

  @Override
  public PersonalDataType type() {
    return PersonalDataType.Email;
  }

  @Override
  public void find(String text, List<Detection> found) {
    int n = text.length();
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int start = at;
      while (start > 0 && at - start < MAX_LOCAL && local(text.charAt(start - 1))) {
        start--;
      }
      while (start < at && text.charAt(start) == '.') {
        start++;
      }
      if (start == at || text.charAt(at - 1) == '.') {
        continue;
      }
      int end = domainEnd(text, at + 1, Math.min(n, at + 1 + MAX_DOMAIN));
      if (end > at + 1) {
        found.add(new Detection(type(), start, end));
      }
    }
  }

  private static boolean local(char c) {
    return Character.isLetterOrDigit(c) || LOCAL_SYMBOLS.indexOf(c) >= 0;
  }

  /**
   * The end of the domain starting at {@code from}, or {@code from} when there is none: labels of
   * letters, digits and inner dashes, separated by single dots, the last one of 2 letters or more.
   * A final dot (the end of a sentence) is not part of it.
   */
  private static int domainEnd(String text, int from, int limit) {
    int i = from;
    int labels = 0;
    int lastLabelStart = from;
    int end = from;
    while (i < limit) {
      int labelStart = i;
      while (i < limit && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '-')) {
        i++;
      }
      if (i == labelStart || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
        break;
      }
      labels++;
      lastLabelStart = labelStart;
      end = i;
      if (i + 1 < limit && text.charAt(i) == '.' && Character.isLetterOrDigit(text.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (labels < 2 || end - lastLabelStart < 2) {
      return from;
    }
    for (int k = lastLabelStart; k < end; k++) {
      if (!Character.isLetter(text.charAt(k))) {
        return from;
      }
    }
    return end;
  }
}
