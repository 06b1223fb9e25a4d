package io.hubia.runtime.approval;

import io.hubia.api.v1alpha1.spec.ApprovalSpec;
import io.hubia.api.v1alpha1.spec.ApprovalTimeoutAction;
import io.hubia.api.v1alpha1.spec.Durations;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * A PolicySet's {@code approvals}, compiled once per generation: who may decide, which answers are
 * held, how long a request waits and what happens when nobody decides.
 *
 * <p>Without approvers nobody can decide, so nothing is held: a tool call that needs approval is
 * then refused ({@code approval_required}) and no answer waits for its confidence.
 */
public final class ApprovalRules {
  /** How long a request waits when the policy does not say. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

  /** The rules of a policy without {@code approvals}: nothing is ever held. */
  public static final ApprovalRules NONE =
      new ApprovalRules(Set.of(), null, DEFAULT_TIMEOUT, ApprovalTimeoutAction.Reject);

  private final Set<String> approvers;
  private final Double minConfidence;
  private final Duration timeout;
  private final ApprovalTimeoutAction onTimeout;

  private ApprovalRules(
      Set<String> approvers,
      Double minConfidence,
      Duration timeout,
      ApprovalTimeoutAction onTimeout) {
    this.approvers = Set.copyOf(approvers);
    this.minConfidence = minConfidence;
    this.timeout = timeout;
    this.onTimeout = onTimeout;
  }

  /** The rules of {@code spec} ({@code null}: {@link #NONE}). */
  public static ApprovalRules compile(ApprovalSpec spec) {
    if (spec == null) {
      return NONE;
    }
    return new ApprovalRules(
        spec.getApprovers() == null ? Set.of() : Set.copyOf(spec.getApprovers()),
        spec.getMinConfidence(),
        spec.getTimeout() == null ? DEFAULT_TIMEOUT : Durations.parse(spec.getTimeout()),
        spec.getOnTimeout() == null ? ApprovalTimeoutAction.Reject : spec.getOnTimeout());
  }

  /** Whether anyone may decide, hence whether anything can be held. */
  public boolean enabled() {
    return !approvers.isEmpty();
  }

  /** Whether an answer of this confidence waits for an approver. */
  public boolean holdsAnswer(double confidence) {
    return enabled() && minConfidence != null && confidence < minConfidence;
  }

  /** The threshold under which answers are held, if any. */
  public Double minConfidence() {
    return minConfidence;
  }

  /** Whether a caller who is these PolicySet subjects may decide. */
  public boolean mayDecide(Collection<String> subjects) {
    return subjects.stream().anyMatch(approvers::contains);
  }

  /** How long a request waits for a decision. */
  public Duration timeout() {
    return timeout;
  }

  /** The outcome when nobody decides in time. */
  public ApprovalTimeoutAction onTimeout() {
    return onTimeout;
  }
}
