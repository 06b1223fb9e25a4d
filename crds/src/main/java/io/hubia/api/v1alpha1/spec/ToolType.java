package io.hubia.api.v1alpha1.spec;

/** The kind of a tool an agent may call. */
public enum ToolType {
  /** Calls an HTTP endpoint on an allowed host. */
  Http,
  /** Looks up documents in one of the workflow's RetrievalIndexes. */
  IndexLookup
}
