package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.ExampleResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentLabelsTest {
  private final AgentWorkflow workflow = ExampleResources.workflow();

  @Test
  void labelsAreTheAppKubernetesIoSetPlusTheWorkflowName() {
    assertThat(AgentLabels.labels(workflow))
        .containsOnly(
            entry("app.kubernetes.io/name", "hubia-agent"),
            entry("app.kubernetes.io/instance", "assistant"),
            entry("app.kubernetes.io/component", "agent-runtime"),
            entry("app.kubernetes.io/part-of", "hubia"),
            entry("app.kubernetes.io/managed-by", "hubia-operator"),
            entry("hubia.io/agent-workflow", "assistant"));
  }

  @Test
  void selectorIsTheStableSubsetOfTheLabels() {
    Map<String, String> selector = AgentLabels.selector(workflow);

    assertThat(selector)
        .containsOnly(
            entry("app.kubernetes.io/name", "hubia-agent"),
            entry("app.kubernetes.io/instance", "assistant"));
    assertThat(AgentLabels.labels(workflow)).containsAllEntriesOf(selector);
  }

  @Test
  void informersSelectWhatTheOperatorLabels() {
    String[] selector = AgentLabels.MANAGED_SELECTOR.split("=");

    assertThat(AgentLabels.labels(workflow)).containsEntry(selector[0], selector[1]);
  }

  @Test
  void workflowsOfOtherNamesGetDisjointSelectors() {
    AgentWorkflow other = ExampleResources.workflow();
    other.getMetadata().setName("helpdesk");

    assertThat(AgentLabels.selector(other))
        .containsEntry("app.kubernetes.io/instance", "helpdesk")
        .isNotEqualTo(AgentLabels.selector(workflow));
  }

  @Test
  void namesDeriveFromTheWorkflowName() {
    assertThat(AgentLabels.name(workflow)).isEqualTo("assistant");
    assertThat(AgentLabels.configMapName(workflow)).isEqualTo("assistant-config");
  }

  @Test
  void endpointIsTheInClusterAskUrlOnTheHttpPort() {
    assertThat(AgentLabels.endpoint(workflow))
        .isEqualTo("http://assistant.team-a.svc:8080/v1/agents/assistant/ask");
  }
}
