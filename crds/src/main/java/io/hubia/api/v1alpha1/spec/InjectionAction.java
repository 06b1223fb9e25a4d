package io.hubia.api.v1alpha1.spec;

/** What happens to a question screened as an injection attempt. */
public enum InjectionAction {
  Refuse,
  Fallback
}
