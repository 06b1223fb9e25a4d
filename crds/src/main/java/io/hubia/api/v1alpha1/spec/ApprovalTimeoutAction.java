package io.hubia.api.v1alpha1.spec;

/** Outcome of an approval request nobody decided in time. */
public enum ApprovalTimeoutAction {
  Reject,
  Approve
}
