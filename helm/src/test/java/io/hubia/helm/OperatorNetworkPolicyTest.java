package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's own NetworkPolicy: what it may reach, from the values. */
class OperatorNetworkPolicyTest {

  private static NetworkPolicy policy(Chart.Rendered rendered) {
    return rendered.one(NetworkPolicy.class, "hubia-operator");
  }

  private static NetworkPolicyEgressRule egressOnPort(NetworkPolicy policy, int port) {
    return policy.getSpec().getEgress().stream()
        .filter(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no egress rule on port " + port));
  }

  @Test
  void byDefaultTheOperatorReachesDnsTheApiServerOpenSearchAndAgentPodsOnly() {
    NetworkPolicy policy = policy(Chart.render(Map.of()));

    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(NetworkPolicyEgressRule::getPorts)
        .extracting(p -> p.getPort().getIntVal())
        .containsExactlyInAnyOrder(53, 53, 443, 6443, 9200, 8080);
    assertThat(egressOnPort(policy, 6443).getTo()).isEmpty();
    NetworkPolicyPeer agents = egressOnPort(policy, 8080).getTo().get(0);
    assertThat(agents.getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "hubia-agent");
    assertThat(agents.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getPorts())
                    .extracting(p -> p.getPort().getIntVal())
                    .containsExactly(8081));
  }

  @Test
  void peersAndBlocksFromTheValuesNarrowEachRule() {
    NetworkPolicy policy = policy(Chart.renderValueSet("cluster-wide.yaml"));

    assertThat(egressOnPort(policy, 443).getTo())
        .extracting(peer -> peer.getIpBlock().getCidr())
        .containsExactly("10.0.0.1/32", "192.0.2.10/32");
    assertThat(egressOnPort(policy, 9200).getTo())
        .singleElement()
        .satisfies(
            peer ->
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "search"));
    assertThat(policy.getSpec().getIngress().get(0).getFrom())
        .singleElement()
        .satisfies(
            peer ->
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "monitoring"));
  }

  @Test
  void theOpenSearchPortComesFromItsUrlAndAgentPodsFromTheWatchedNamespaces() {
    NetworkPolicy policy =
        policy(
            Chart.render(
                Map.of(
                    "opensearch.url",
                    "https://search.example.org/",
                    "watchNamespaces[0]",
                    "federation",
                    "watchNamespaces[1]",
                    "antenne-lyon")));

    egressOnPort(policy, 443);
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(NetworkPolicyEgressRule::getPorts)
        .extracting(p -> p.getPort().getIntVal())
        .doesNotContain(9200);
    assertThat(
            egressOnPort(policy, 8080).getTo().get(0).getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            expression -> {
              assertThat(expression.getOperator()).isEqualTo("In");
              assertThat(expression.getValues()).containsExactly("federation", "antenne-lyon");
            });
  }
}
