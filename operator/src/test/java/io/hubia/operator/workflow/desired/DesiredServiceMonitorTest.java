package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.ExampleResources;
import org.junit.jupiter.api.Test;

class DesiredServiceMonitorTest {
  private final AgentWorkflow workflow = ExampleResources.workflow();
  private final ServiceMonitor monitor = DesiredServiceMonitor.of(workflow);

  @Test
  void namedAndLabelledLikeTheWorkflow() {
    assertThat(monitor.getMetadata().getName()).isEqualTo("assistant");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(monitor.getMetadata().getLabels()).isEqualTo(AgentLabels.labels(workflow));
  }

  @Test
  void selectsTheWorkflowsServiceByItsLabels() {
    assertThat(monitor.getSpec().getSelector().getMatchLabels())
        .isEqualTo(AgentLabels.selector(workflow));
    assertThat(DesiredService.of(workflow).getMetadata().getLabels())
        .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void scrapesTheRuntimeMetricsOnTheServicesHttpPort() {
    assertThat(monitor.getSpec().getEndpoints()).hasSize(1);
    Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
    assertThat(endpoint.getPort())
        .isEqualTo("http")
        .isEqualTo(DesiredService.of(workflow).getSpec().getPorts().get(0).getName());
    assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
    assertThat(endpoint.getInterval()).isEqualTo("30s");
  }
}
