package io.hubia.api.v1alpha1.spec;

/** Where a model runs, which decides the data sensitivities it may receive. */
public enum ModelHosting {
  /** Runs on infrastructure the organisation controls. */
  SelfHosted,
  /** Runs at a third-party provider. */
  External
}
