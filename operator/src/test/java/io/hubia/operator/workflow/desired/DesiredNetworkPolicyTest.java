package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.EgressRule;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.RuntimeIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesiredNetworkPolicyTest {
  private final OperatorSettings settings = ExampleResources.settings();

  private List<NetworkPolicyEgressRule> egress(AgentWorkflow workflow) {
    return DesiredNetworkPolicy.of(workflow, settings).getSpec().getEgress();
  }

  private static NetworkPolicyEgressRule toNamespace(
      List<NetworkPolicyEgressRule> rules, String namespace, int port) {
    return rules.stream()
        .filter(
            r ->
                r.getTo().size() == 1
                    && r.getTo().get(0).getNamespaceSelector() != null
                    && Map.of("kubernetes.io/metadata.name", namespace)
                        .equals(r.getTo().get(0).getNamespaceSelector().getMatchLabels()))
        .filter(r -> ports(r).equals(List.of("TCP/" + port)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule to " + namespace + ":" + port));
  }

  private static Optional<NetworkPolicyEgressRule> portOnly(
      List<NetworkPolicyEgressRule> rules, int port) {
    return rules.stream()
        .filter(r -> r.getTo().isEmpty() && ports(r).equals(List.of("TCP/" + port)))
        .findFirst();
  }

  private static List<String> ports(NetworkPolicyEgressRule rule) {
    return rule.getPorts().stream().map(DesiredNetworkPolicyTest::port).toList();
  }

  private static String port(NetworkPolicyPort port) {
    return port.getProtocol() + "/" + port.getPort().getIntVal();
  }

  @Test
  void selectsTheWorkflowsPodsAndRestrictsBothDirections() {
    AgentWorkflow workflow = ExampleResources.workflow();
    NetworkPolicy policy = DesiredNetworkPolicy.of(workflow, settings);

    assertThat(policy.getMetadata().getName()).isEqualTo("assistant");
    assertThat(policy.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(policy.getMetadata().getLabels()).isEqualTo(AgentLabels.labels(workflow));
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(AgentLabels.selector(workflow));
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
  }

  @Test
  void ingressIsOpenOnTheHttpPortOnly() {
    List<NetworkPolicyIngressRule> ingress =
        DesiredNetworkPolicy.of(ExampleResources.workflow(), settings).getSpec().getIngress();

    assertThat(ingress).hasSize(1);
    assertThat(ingress.get(0).getFrom()).isEmpty();
    assertThat(ingress.get(0).getPorts())
        .extracting(DesiredNetworkPolicyTest::port)
        .containsExactly("TCP/8080");
  }

  @Test
  void dnsIsAllowedOverUdpAndTcpToAnyDestination() {
    NetworkPolicyEgressRule dns = egress(ExampleResources.workflow()).get(0);

    assertThat(ports(dns)).containsExactlyInAnyOrder("UDP/53", "TCP/53");
    assertThat(dns.getTo()).as("NodeLocal DNS and external resolvers are reachable").isEmpty();
  }

  @Test
  void openSearchAndTheAuditStoreOfTheSettingsAreReachable() {
    List<NetworkPolicyEgressRule> rules = egress(ExampleResources.workflow());

    toNamespace(rules, "hubia-system", 9200);
    assertThat(rules)
        .filteredOn(r -> r.getTo().size() == 1 && r.getTo().get(0).getIpBlock() != null)
        .filteredOn(r -> r.getTo().get(0).getIpBlock().getCidr().equals("10.0.0.12/32"))
        .singleElement()
        .satisfies(r -> assertThat(ports(r)).containsExactly("TCP/5432"));
  }

  @Test
  void aMistralModelWithoutEndpointReachesTheHostedApiOn443() {
    assertThat(portOnly(egress(ExampleResources.workflow()), 443)).isPresent();
  }

  @Test
  void aMistralModelWithASelfHostedEndpointReachesOnlyThatEndpoint() {
    AgentWorkflow workflow = ExampleResources.workflow();
    workflow.getSpec().getModel().setEndpoint("http://mistral.models.svc:8080/v1");

    List<NetworkPolicyEgressRule> rules = egress(workflow);
    toNamespace(rules, "models", 8080);
    assertThat(portOnly(rules, 443)).isEmpty();
  }

  @Test
  void fallbackModelsAndHttpToolsAreReachable() {
    List<NetworkPolicyEgressRule> rules = egress(ExampleResources.workflow());

    toNamespace(rules, "models", 8000);
    toNamespace(rules, "apps", 8080);
  }

  @Test
  void anHttpToolWhoseUrlIsATemplateIsReachable() {
    AgentWorkflow workflow = ExampleResources.workflow();
    workflow.getSpec().getTools().get(0).getHttp().setUrl("http://crm.apps.svc:8080/api/{id}");

    toNamespace(egress(workflow), "apps", 8080);
  }

  @Test
  void specEgressAddsCidrRulesWithTheirPorts() {
    AgentWorkflow workflow = ExampleResources.workflow();
    EgressRule anyPort = new EgressRule();
    anyPort.setCidr("192.168.10.0/24");
    workflow.getSpec().getEgress().add(anyPort);

    List<NetworkPolicyEgressRule> rules = egress(workflow);
    assertThat(rules)
        .filteredOn(r -> r.getTo().size() == 1 && r.getTo().get(0).getIpBlock() != null)
        .filteredOn(r -> !r.getTo().get(0).getIpBlock().getCidr().equals("10.0.0.12/32"))
        .satisfiesExactly(
            r -> {
              assertThat(r.getTo().get(0).getIpBlock().getCidr()).isEqualTo("10.20.0.0/16");
              assertThat(ports(r)).containsExactly("TCP/443", "TCP/8443");
            },
            r -> {
              assertThat(r.getTo().get(0).getIpBlock().getCidr()).isEqualTo("192.168.10.0/24");
              assertThat(r.getPorts()).isEmpty();
            });
  }

  @Test
  void theExampleGetsExactlyTheRulesItNeeds() {
    // DNS, OpenSearch, audit, Mistral API, fallback model, CRM tool, spec.egress
    assertThat(egress(ExampleResources.workflow())).hasSize(7);
  }

  @Test
  void destinationsSharedByModelsAreAllowedOnce() {
    AgentWorkflow workflow = ExampleResources.workflow();
    ModelSpec again = new ModelSpec();
    again.setProvider(ModelProvider.OpenAICompatible);
    again.setName("other-model");
    again.setEndpoint("http://vllm.models.svc:8000/v1");
    workflow.getSpec().getFallbackModels().add(again);
    ModelSpec hostedToo = new ModelSpec();
    hostedToo.setProvider(ModelProvider.MistralAI);
    hostedToo.setName("mistral-large-latest");
    workflow.getSpec().getFallbackModels().add(hostedToo);

    List<NetworkPolicyEgressRule> rules = egress(workflow);
    assertThat(rules).doesNotHaveDuplicates().hasSize(7);
  }

  @Test
  void anOpenAiCompatibleModelWithoutEndpointAndWithoutDefaultAddsNoRule() {
    AgentWorkflow workflow = ExampleResources.workflow();
    workflow.getSpec().getFallbackModels().get(0).setEndpoint(null);

    assertThat(egress(workflow)).hasSize(6);
  }

  @Test
  void modelsWithoutEndpointReachTheDefaultModelServerLikeAnExplicitEndpoint() {
    AgentWorkflow workflow = ExampleResources.workflow();
    workflow.getSpec().getFallbackModels().get(0).setEndpoint(null);
    ModelSpec ollama = new ModelSpec();
    ollama.setProvider(ModelProvider.Ollama);
    ollama.setName("mistral:7b-instruct");
    workflow.getSpec().getFallbackModels().add(ollama);

    List<NetworkPolicyEgressRule> rules =
        DesiredNetworkPolicy.of(
                workflow, settings.withModelEndpoint("http://vllm.shared-models.svc:8000/v1"))
            .getSpec()
            .getEgress();

    toNamespace(rules, "shared-models", 8000);
    assertThat(rules).as("one rule for both models").doesNotHaveDuplicates().hasSize(7);
    assertThat(portOnly(rules, 443)).as("the MistralAI model keeps its hosted API").isPresent();
  }

  @Test
  void anExplicitEndpointWinsOverTheDefaultModelServer() {
    List<NetworkPolicyEgressRule> rules =
        DesiredNetworkPolicy.of(
                ExampleResources.workflow(),
                settings.withModelEndpoint("http://vllm.shared-models.svc:8000/v1"))
            .getSpec()
            .getEgress();

    toNamespace(rules, "models", 8000);
    assertThat(rules).isEqualTo(egress(ExampleResources.workflow()));
  }

  @Test
  void aWorkflowWithoutModelsToolsOrEgressReachesOnlyDnsAndTheStores() {
    AgentWorkflow workflow = ExampleResources.workflow();
    workflow.getSpec().setModel(null);
    workflow.getSpec().getFallbackModels().clear();
    workflow.getSpec().getTools().clear();
    workflow.getSpec().getEgress().clear();

    List<NetworkPolicyEgressRule> rules = egress(workflow);
    assertThat(rules).hasSize(3);
    assertThat(rules.subList(1, rules.size())).noneMatch(r -> r.getTo().isEmpty());
    assertThat(rules.get(0).getPorts())
        .extracting(NetworkPolicyPort::getPort)
        .containsOnly(new IntOrString(53));
  }

  private static final String ISSUER = "https://sso.example.org/realms/hubia";

  private static List<NetworkPolicyEgressRule> egress(RuntimeIdentity identity) {
    return DesiredNetworkPolicy.of(
            ExampleResources.workflow(), ExampleResources.settings().withIdentity(identity))
        .getSpec()
        .getEgress();
  }

  private static List<NetworkPolicyEgressRule> ipBlocks(
      List<NetworkPolicyEgressRule> rules, String cidr) {
    return rules.stream()
        .filter(r -> r.getTo().size() == 1 && r.getTo().get(0).getIpBlock() != null)
        .filter(r -> r.getTo().get(0).getIpBlock().getCidr().equals(cidr))
        .toList();
  }

  @Test
  void anInClusterJwksUrlOpensItsServicesNamespaceOnItsPort() {
    List<NetworkPolicyEgressRule> rules =
        egress(
            new RuntimeIdentity(
                ISSUER,
                "http://keycloak.auth.svc:8080/realms/hubia/protocol/openid-connect/certs",
                null,
                null,
                List.of()));

    toNamespace(rules, "auth", 8080);
    assertThat(rules).hasSize(8);
  }

  @Test
  void aFullyQualifiedServiceNameAndTheHttpsDefaultPortWorkToo() {
    toNamespace(
        egress(
            new RuntimeIdentity(
                ISSUER, "https://keycloak.auth.svc.cluster.local/certs", null, null, List.of())),
        "auth",
        443);
  }

  @Test
  void anExternalJwksHostWithoutCidrsIsAllowedOnItsPortToAnyAddress() {
    List<NetworkPolicyEgressRule> rules =
        egress(
            new RuntimeIdentity(
                ISSUER, "https://sso.example.org:8443/realms/hubia/certs", null, null, List.of()));

    assertThat(portOnly(rules, 8443)).isPresent();
  }

  @Test
  void egressCidrsNarrowAnExternalJwksHostToTheirBlocksOnItsPort() {
    List<NetworkPolicyEgressRule> rules =
        egress(
            new RuntimeIdentity(
                ISSUER,
                "https://sso.example.org:8443/realms/hubia/certs",
                null,
                null,
                List.of("203.0.113.0/24", "2001:db8::/32")));

    assertThat(portOnly(rules, 8443)).as("no rule to any address on the JWKS port").isEmpty();
    assertThat(ipBlocks(rules, "203.0.113.0/24"))
        .singleElement()
        .satisfies(r -> assertThat(ports(r)).containsExactly("TCP/8443"));
    assertThat(ipBlocks(rules, "2001:db8::/32"))
        .singleElement()
        .satisfies(r -> assertThat(ports(r)).containsExactly("TCP/8443"));
  }

  @Test
  void egressCidrsUseTheDefaultPortOfTheScheme() {
    List<NetworkPolicyEgressRule> rules =
        egress(
            new RuntimeIdentity(
                ISSUER, "https://sso.example.org/certs", null, null, List.of("203.0.113.0/24")));

    assertThat(ipBlocks(rules, "203.0.113.0/24"))
        .singleElement()
        .satisfies(r -> assertThat(ports(r)).containsExactly("TCP/443"));
  }

  @Test
  void egressCidrsAddToAnInClusterServicesRuleForServicesWithOutsideEndpoints() {
    List<NetworkPolicyEgressRule> rules =
        egress(
            new RuntimeIdentity(
                ISSUER, "http://keycloak.auth.svc:8080/certs", null, null, List.of("10.9.0.0/16")));

    toNamespace(rules, "auth", 8080);
    assertThat(ipBlocks(rules, "10.9.0.0/16")).hasSize(1);
  }

  @Test
  void aPublicKeyNeedsNoEgressAndNoIssuerNeitherSoTheRulesAreUnchanged() {
    List<NetworkPolicyEgressRule> withKey =
        egress(new RuntimeIdentity(ISSUER, null, null, "hubia-identity-key", List.of()));

    assertThat(withKey).isEqualTo(egress(ExampleResources.workflow())).hasSize(7);
    assertThat(egress(RuntimeIdentity.NONE)).isEqualTo(withKey);
  }
}
