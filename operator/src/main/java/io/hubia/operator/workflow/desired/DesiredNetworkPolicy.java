package io.hubia.operator.workflow.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.hubia.api.config.ModelEndpoints;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.EgressRule;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.ToolSpec;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.RuntimeIdentity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Limits a workflow's pods to the traffic they need: HTTP in on the runtime port; out to DNS,
 * OpenSearch, the audit store, the identity provider's keys, the workflow's models (the default
 * model server for those that name no endpoint) and HTTP tools, and the extra CIDRs of spec.egress.
 * Everything else is denied.
 */
public final class DesiredNetworkPolicy {
  /** Endpoint of Mistral AI's hosted API, used when a MistralAI model names no endpoint. */
  public static final String MISTRAL_API = "https://api.mistral.ai/v1";

  private DesiredNetworkPolicy() {}

  public static NetworkPolicy of(AgentWorkflow workflow, OperatorSettings settings) {
    return new NetworkPolicyBuilder()
        .withMetadata(AgentLabels.metadata(workflow, AgentLabels.name(workflow)))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(AgentLabels.selector(workflow))
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .addNewIngress()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(AgentLabels.HTTP_PORT))
        .endPort()
        .endIngress()
        .withEgress(egress(workflow, settings))
        .endSpec()
        .build();
  }

  public static List<NetworkPolicyEgressRule> egress(
      AgentWorkflow workflow, OperatorSettings settings) {
    String namespace = workflow.getMetadata().getNamespace();
    AgentWorkflowSpec spec = workflow.getSpec();
    Set<NetworkPolicyEgressRule> rules = new LinkedHashSet<>();
    rules.add(dns());
    Stream.of(settings.opensearchUrl(), settings.auditJdbcUrl())
        .map(url -> EgressTarget.fromUrl(url, namespace))
        .flatMap(Optional::stream)
        .forEach(t -> rules.add(t.toRule()));
    rules.addAll(identityProvider(settings.identity(), namespace));
    Stream.concat(Stream.ofNullable(spec.getModel()), spec.getFallbackModels().stream())
        .map(model -> modelUrl(model, settings.modelEndpoint()))
        .map(url -> EgressTarget.fromUrl(url, namespace))
        .flatMap(Optional::stream)
        .forEach(t -> rules.add(t.toRule()));
    spec.getTools().stream()
        .map(ToolSpec::getHttp)
        .filter(http -> http != null)
        .map(http -> EgressTarget.fromUrl(http.getUrl(), namespace))
        .flatMap(Optional::stream)
        .forEach(t -> rules.add(t.toRule()));
    for (EgressRule extra : spec.getEgress()) {
      rules.add(cidrRule(extra));
    }
    return new ArrayList<>(rules);
  }

  /**
   * Egress to the issuer's JWKS URL, when the runtime fetches its keys (none with a public key):
   * the rule the URL gives, as for the other destinations (a Service's namespace, an address), and
   * one rule per HUBIA_IDENTITY_EGRESS_CIDRS block on the URL's port. For an external host the
   * blocks replace the port-only rule, which would let the pods reach any address on that port.
   */
  static List<NetworkPolicyEgressRule> identityProvider(
      RuntimeIdentity identity, String namespace) {
    Optional<EgressTarget> jwks = EgressTarget.fromUrl(identity.jwksUrl(), namespace);
    if (jwks.isEmpty()) {
      return List.of();
    }
    EgressTarget target = jwks.get();
    List<NetworkPolicyEgressRule> rules = new ArrayList<>();
    boolean external = target.namespace() == null && target.cidr() == null;
    if (!external || identity.egressCidrs().isEmpty()) {
      rules.add(target.toRule());
    }
    for (String cidr : identity.egressCidrs()) {
      EgressRule block = new EgressRule();
      block.setCidr(cidr);
      block.setPorts(List.of(target.port()));
      rules.add(cidrRule(block));
    }
    return rules;
  }

  /**
   * The URL a model is called at, as the rendered configuration has it: its endpoint, the default
   * model server for an OpenAICompatible or Ollama model without one, Mistral AI's hosted API.
   */
  private static String modelUrl(ModelSpec model, String defaultEndpoint) {
    String endpoint = ModelEndpoints.endpoint(model, defaultEndpoint);
    if (endpoint != null) {
      return endpoint;
    }
    return model.getProvider() == ModelProvider.MistralAI ? MISTRAL_API : null;
  }

  /** Egress to DNS (UDP and TCP 53), to any destination. */
  public static NetworkPolicyEgressRule dns() {
    // Any destination: cluster DNS may run in pods, on the node (NodeLocal DNSCache) or outside.
    return new NetworkPolicyEgressRuleBuilder()
        .addNewPort()
        .withProtocol("UDP")
        .withPort(new IntOrString(53))
        .endPort()
        .addNewPort()
        .withProtocol("TCP")
        .withPort(new IntOrString(53))
        .endPort()
        .build();
  }

  private static NetworkPolicyEgressRule cidrRule(EgressRule extra) {
    NetworkPolicyEgressRuleBuilder rule =
        new NetworkPolicyEgressRuleBuilder()
            .addNewTo()
            .withNewIpBlock()
            .withCidr(extra.getCidr())
            .endIpBlock()
            .endTo();
    for (Integer port : extra.getPorts()) {
      rule.addNewPort().withProtocol("TCP").withPort(new IntOrString(port)).endPort();
    }
    return rule.build();
  }
}
