package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.ExampleResources;
import org.junit.jupiter.api.Test;

class DesiredServiceTest {
  private final AgentWorkflow workflow = ExampleResources.workflow();
  private final Service service = DesiredService.of(workflow);

  @Test
  void namedAndLabelledLikeTheWorkflow() {
    assertThat(service.getMetadata().getName()).isEqualTo("assistant");
    assertThat(service.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(service.getMetadata().getLabels()).isEqualTo(AgentLabels.labels(workflow));
  }

  @Test
  void clusterIpServiceSelectingThePodsBySelectorOnly() {
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getSelector()).isEqualTo(AgentLabels.selector(workflow));
  }

  @Test
  void exposesThePodsNamedHttpPortOn8080() {
    assertThat(service.getSpec().getPorts()).hasSize(1);
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(port.getName()).isEqualTo("http");
    assertThat(port.getProtocol()).isEqualTo("TCP");
    assertThat(port.getPort()).isEqualTo(8080);
    assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http"));
  }

  @Test
  void endpointUrlUsesTheServicePort() {
    assertThat(AgentLabels.endpoint(workflow))
        .contains(":" + service.getSpec().getPorts().get(0).getPort() + "/");
  }
}
