package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A text after redaction.
 *
 * @param text the text, each piece of personal data replaced
 * @param counts how many of each kind were replaced (kinds not found are absent); never the values
 */
public record Redacted(String text, Map<PersonalDataType, Integer> counts) {
  public Redacted {
    EnumMap<PersonalDataType, Integer> copy = new EnumMap<>(PersonalDataType.class);
    copy.putAll(counts);
    counts = Collections.unmodifiableMap(copy);
  }

  /** {@code text} with nothing redacted. */
  static Redacted unchanged(String text) {
    return new Redacted(text, Map.of());
  }

  /** Whether anything was replaced. */
  public boolean found() {
    return !counts.isEmpty();
  }

  /** Pieces replaced in all. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
