package io.hubia.api.v1alpha1.spec;

/** Where personal data is redacted. */
public enum RedactionTarget {
  Question,
  Answer,
  Logs,
  Audit
}
