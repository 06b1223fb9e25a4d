package io.hubia.api.v1alpha1.spec;

/** What happens when the context is too sensitive for every allowed model. */
public enum ModelViolationAction {
  Fallback,
  Reject
}
