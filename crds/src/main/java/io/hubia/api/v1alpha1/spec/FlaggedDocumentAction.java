package io.hubia.api.v1alpha1.spec;

/** What retrieval does with chunks flagged as containing injection at ingestion. */
public enum FlaggedDocumentAction {
  Exclude,
  IncludeWithWarning
}
