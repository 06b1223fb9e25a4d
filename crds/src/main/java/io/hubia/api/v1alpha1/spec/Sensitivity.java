package io.hubia.api.v1alpha1.spec;

/** Sensitivity levels of data, from least to most sensitive. */
public enum Sensitivity {
  Public,
  Internal,
  Confidential,
  Secret
}
