package io.hubia.api.v1alpha1.spec;

/** How questions are kept in the audit trail. */
public enum QuestionStorage {
  Text,
  Hash,
  None
}
