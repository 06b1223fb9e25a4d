package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.Objects;

/**
 * A piece of personal data found in a text.
 *
 * @param type what it is
 * @param start index of its first character
 * @param end index after its last character
 */
public record Detection(PersonalDataType type, int start, int end) {
  public Detection {
    Objects.requireNonNull(type, "type");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("empty or negative range " + start + ".." + end);
    }
  }

  /** Characters covered. */
  public int length() {
    return end - start;
  }

  /** Whether the two share a character. */
  boolean overlaps(Detection other) {
    return start < other.end && other.start < end;
  }
}
