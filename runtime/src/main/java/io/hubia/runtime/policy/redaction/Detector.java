package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import java.util.List;

/** Finds one kind of personal data in a text: only candidates that pass its checks. */
interface Detector {
  /** The kind it finds. */
  PersonalDataType type();

  /** Adds to {@code found} what it finds in {@code text}; overlaps are resolved by the caller. */
  void find(String text, List<Detection> found);
}
