package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.ExampleResources;
import org.junit.jupiter.api.Test;

class DesiredServiceAccountTest {
  private final AgentWorkflow workflow = ExampleResources.workflow();
  private final ServiceAccount account = DesiredServiceAccount.of(workflow);

  @Test
  void namedAndLabelledLikeTheWorkflow() {
    assertThat(account.getMetadata().getName()).isEqualTo("assistant");
    assertThat(account.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(account.getMetadata().getLabels()).isEqualTo(AgentLabels.labels(workflow));
  }

  @Test
  void mountsNoTokenAndHoldsNoSecrets() {
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(account.getSecrets()).isEmpty();
  }

  @Test
  void isTheOneThePodsRunAs() {
    var deployment =
        DesiredDeployment.of(
            workflow,
            RuntimeConfigRenderer.render(
                workflow,
                ExampleResources.references().policy(),
                ExampleResources.references().indexes(),
                ExampleResources.settings().platform()),
            ExampleResources.settings());

    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
  }
}
