package io.hubia.runtime.policy.limits;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.spec.LimitsSpec;
import io.hubia.api.v1alpha1.spec.PolicySetSpec;

/**
 * A workflow's limits, from its PolicySet's {@code limits} ({@code null}: unlimited), with the
 * number of replicas that share the per-minute request limits.
 *
 * @param namespace the workflow's namespace; empty in local mode
 * @param workflow the workflow's name
 * @param requestsPerMinutePerSubject the policy's value
 * @param requestsPerMinutePerWorkflow the policy's value
 * @param tokensPerDayPerSubject the policy's value
 * @param tokensPerDayPerWorkflow the policy's value
 * @param replicas runtime pods of the workflow, at least 1
 */
public record WorkflowLimits(
    String namespace,
    String workflow,
    Integer requestsPerMinutePerSubject,
    Integer requestsPerMinutePerWorkflow,
    Long tokensPerDayPerSubject,
    Long tokensPerDayPerWorkflow,
    int replicas) {

  public WorkflowLimits {
    namespace = namespace == null ? "" : namespace;
    replicas = Math.max(1, replicas);
  }

  /** The limits of the workflow a runtime configuration serves. */
  public static WorkflowLimits of(RuntimeConfig config) {
    PolicySetSpec policy = config.getPolicy().getSpec();
    LimitsSpec spec =
        policy == null || policy.getLimits() == null ? new LimitsSpec() : policy.getLimits();
    Integer replicas = config.getWorkflow().getReplicas();
    return new WorkflowLimits(
        config.getWorkflow().getNamespace(),
        config.getWorkflow().getName(),
        spec.getRequestsPerMinutePerSubject(),
        spec.getRequestsPerMinutePerWorkflow(),
        spec.getTokensPerDayPerSubject(),
        spec.getTokensPerDayPerWorkflow(),
        replicas == null ? 1 : replicas);
  }

  /**
   * This replica's share of the per-caller request limit: the policy's value divided by the
   * replicas, rounded up (a Service spreads a caller's requests over the pods, so the sum over the
   * replicas is about the policy's value; never below it). {@code null}: unlimited.
   */
  public Integer subjectRequestsPerReplica() {
    return share(requestsPerMinutePerSubject);
  }

  /** This replica's share of the per-workflow request limit; {@code null}: unlimited. */
  public Integer workflowRequestsPerReplica() {
    return share(requestsPerMinutePerWorkflow);
  }

  /** Whether a token budget applies. */
  public boolean budgetsTokens() {
    return tokensPerDayPerSubject != null || tokensPerDayPerWorkflow != null;
  }

  private Integer share(Integer perMinute) {
    return perMinute == null ? null : (perMinute + replicas - 1) / replicas;
  }
}
