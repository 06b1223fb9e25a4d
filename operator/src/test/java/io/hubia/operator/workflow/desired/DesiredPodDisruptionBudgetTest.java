package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.ExampleResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DesiredPodDisruptionBudgetTest {

  @ParameterizedTest(name = "replicas {0} -> budget {1}")
  @CsvSource({"0, false", "1, false", "2, true", "3, true", "50, true"})
  void appliesOnlyWithMoreThanOneReplica(int replicas, boolean applies) {
    AgentWorkflow workflow = ExampleResources.workflow();
    workflow.getSpec().setReplicas(replicas);

    assertThat(DesiredPodDisruptionBudget.applies(workflow)).isEqualTo(applies);
  }

  @Test
  void doesNotApplyWhenReplicasIsUnsetBecauseTheDefaultIsOne() {
    AgentWorkflow workflow = ExampleResources.workflow();
    workflow.getSpec().setReplicas(null);

    assertThat(DesiredPodDisruptionBudget.applies(workflow)).isFalse();
  }

  @Test
  void allowsOnePodDownAmongTheWorkflowsPods() {
    AgentWorkflow workflow = ExampleResources.workflow();
    PodDisruptionBudget budget = DesiredPodDisruptionBudget.of(workflow);

    assertThat(budget.getMetadata().getName()).isEqualTo("assistant");
    assertThat(budget.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(budget.getMetadata().getLabels()).isEqualTo(AgentLabels.labels(workflow));
    assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(budget.getSpec().getMinAvailable()).isNull();
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(AgentLabels.selector(workflow));
  }
}
