package io.hubia.operator.workflow;

import io.hubia.operator.events.Reason;

/** The outcome of resolving a workflow's references: resolved, or a problem to report. */
public sealed interface ReferenceCheck {
  /** Every reference exists and is ready. */
  record Resolved(ResolvedReferences references) implements ReferenceCheck {}

  /** A reference is missing or not ready; {@code reason} names the first problem found. */
  record Unresolved(Reason reason, String message) implements ReferenceCheck {}
}
