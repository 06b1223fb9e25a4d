package io.hubia.runtime.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.v1alpha1.spec.LimitsSpec;
import io.hubia.api.v1alpha1.spec.PolicySetSpec;
import org.junit.jupiter.api.Test;

class WorkflowLimitsTest {
  private static RuntimeConfig config(LimitsSpec limits, Integer replicas) {
    RuntimeConfig config = new RuntimeConfig();
    config.getWorkflow().setName("assistant");
    config.getWorkflow().setNamespace("team-a");
    config.getWorkflow().setReplicas(replicas);
    PolicySetSpec policy = new PolicySetSpec();
    policy.setLimits(limits);
    config.getPolicy().setSpec(policy);
    return config;
  }

  @Test
  void readsThePolicyAndTheReplicasOfTheRenderedConfiguration() {
    LimitsSpec spec = new LimitsSpec();
    spec.setRequestsPerMinutePerSubject(30);
    spec.setRequestsPerMinutePerWorkflow(1000);
    spec.setTokensPerDayPerSubject(50_000L);

    WorkflowLimits limits = WorkflowLimits.of(config(spec, 4));

    assertThat(limits)
        .isEqualTo(new WorkflowLimits("team-a", "assistant", 30, 1000, 50_000L, null, 4));
    assertThat(limits.subjectRequestsPerReplica()).isEqualTo(8);
    assertThat(limits.workflowRequestsPerReplica()).isEqualTo(250);
    assertThat(limits.budgetsTokens()).isTrue();
  }

  @Test
  void noLimitsAndNoReplicasMeanUnlimitedOnOneReplica() {
    WorkflowLimits limits = WorkflowLimits.of(config(null, null));

    assertThat(limits.replicas()).isEqualTo(1);
    assertThat(limits.subjectRequestsPerReplica()).isNull();
    assertThat(limits.workflowRequestsPerReplica()).isNull();
    assertThat(limits.budgetsTokens()).isFalse();
    // local mode: no namespace; spec.replicas 0 (no pod) never divides by zero
    assertThat(new WorkflowLimits(null, "w", 5, null, null, null, 0).subjectRequestsPerReplica())
        .isEqualTo(5);
  }
}
