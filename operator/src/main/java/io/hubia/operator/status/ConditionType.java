package io.hubia.operator.status;

/** Condition types Hubia writes, in the order they appear in status (Ready first). */
public enum ConditionType {
  Ready,
  SpecValid,
  ReferencesResolved,
  Available,
  Synced,
  Evaluated,
  AuditHealthy;
}
