package io.hubia.api.v1alpha1.spec;

/** Regular expressions shared by schema fields, so that one format means one pattern. */
public final class Patterns {
  /** A DNS-1123 label: the name of a Kubernetes object or of an item in a list. */
  public static final String NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A duration such as 30s, 2m, 1h30m or 500ms. */
  public static final String DURATION = "^([0-9]+(ms|s|m|h))+$";

  /** A Kubernetes resource quantity such as 500m, 2, 512Mi or 1Gi. */
  public static final String QUANTITY = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

  /** A five-field cron expression (minute hour day-of-month month day-of-week) or a macro. */
  public static final String CRON =
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$";

  /** An http(s) URL. */
  public static final String HTTP_URL = "^https?://[^\\s/$.?#][^\\s]*$";

  /** A document label: lower-case words, digits and the separators : . _ - / and ${claim}. */
  public static final String LABEL = "^[a-zA-Z0-9${}:._/-]{1,128}$";

  private Patterns() {}
}
