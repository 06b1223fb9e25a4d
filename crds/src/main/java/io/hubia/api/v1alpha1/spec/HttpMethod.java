package io.hubia.api.v1alpha1.spec;

/** HTTP methods an HTTP tool may use. */
public enum HttpMethod {
  GET,
  POST
}
