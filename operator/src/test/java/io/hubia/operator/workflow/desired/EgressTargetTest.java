package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EgressTargetTest {
  private static final String OWN = "team-a";

  private static EgressTarget parse(String url) {
    return EgressTarget.fromUrl(url, OWN).orElseThrow(() -> new AssertionError("no target"));
  }

  private static NetworkPolicyPeer onlyPeer(NetworkPolicyEgressRule rule) {
    assertThat(rule.getTo()).hasSize(1);
    return rule.getTo().get(0);
  }

  private static void assertOnlyTcpPort(NetworkPolicyEgressRule rule, int port) {
    assertThat(rule.getPorts()).hasSize(1);
    assertThat(rule.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(rule.getPorts().get(0).getPort()).isEqualTo(new IntOrString(port));
  }

  @Test
  void anIpv4AddressBecomesASingleAddressIpBlock() {
    EgressTarget target = parse("jdbc:postgresql://10.0.0.12:5432/hubia");

    assertThat(target).isEqualTo(new EgressTarget("10.0.0.12", 5432, null, "10.0.0.12/32"));
    NetworkPolicyEgressRule rule = target.toRule();
    NetworkPolicyPeer peer = onlyPeer(rule);
    assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.0.0.12/32");
    assertThat(peer.getIpBlock().getExcept()).isEmpty();
    assertThat(peer.getNamespaceSelector()).isNull();
    assertOnlyTcpPort(rule, 5432);
  }

  @Test
  void anIpv6AddressBecomesASingleAddressIpBlock() {
    EgressTarget target = parse("http://[fd00::12]:8080/v1");

    assertThat(target.cidr()).isEqualTo("fd00::12/128");
    assertThat(target.port()).isEqualTo(8080);
    assertThat(onlyPeer(target.toRule()).getIpBlock().getCidr()).isEqualTo("fd00::12/128");
  }

  @ParameterizedTest(name = "{0} -> namespace {1}")
  @CsvSource({
    "http://opensearch:9200, team-a",
    "http://opensearch.search.svc:9200, search",
    "http://opensearch.search.svc.cluster.local:9200, search",
    "https://OpenSearch.Search.SVC:9200, search",
  })
  void inClusterNamesBecomeANamespaceSelector(String url, String namespace) {
    EgressTarget target = parse(url);

    assertThat(target.namespace()).isEqualTo(namespace);
    assertThat(target.cidr()).isNull();
    NetworkPolicyEgressRule rule = target.toRule();
    NetworkPolicyPeer peer = onlyPeer(rule);
    assertThat(peer.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", namespace));
    assertThat(peer.getPodSelector()).isNull();
    assertThat(peer.getIpBlock()).isNull();
    assertOnlyTcpPort(rule, 9200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.mistral.ai/v1",
        "https://example.com",
        "https://models.example.org:8443/v1",
        "https://eu.api.provider.example/v1",
        "https://api.mistral.ai.svc.example.org/v1",
        "https://llm.mistral.de/v1",
        "http://opensearch.search:9200",
      })
  void externalNamesCanOnlyBeNarrowedToTheirPort(String url) {
    EgressTarget target = parse(url);

    assertThat(target.namespace()).isNull();
    assertThat(target.cidr()).isNull();
    NetworkPolicyEgressRule rule = target.toRule();
    assertThat(rule.getTo()).isEmpty();
    assertThat(rule.getPorts()).hasSize(1);
  }

  @Test
  void mistralsHostedApiIsExternalOn443() {
    EgressTarget target = parse(DesiredNetworkPolicy.MISTRAL_API);

    assertThat(target).isEqualTo(new EgressTarget("api.mistral.ai", 443, null, null));
  }

  @ParameterizedTest(name = "{0} -> port {1}")
  @CsvSource({
    "http://vllm.models.svc/v1, 80",
    "https://api.mistral.ai/v1, 443",
    "jdbc:postgresql://postgresql.db.svc/hubia, 5432",
    "jdbc:postgresql://10.0.0.12/hubia?sslmode=require, 5432",
    "http://vllm.models.svc:8000/v1, 8000",
    "https://api.mistral.ai:8443/v1, 8443",
    "jdbc:postgresql://postgresql.db.svc:6432/hubia, 6432",
  })
  void portIsExplicitOrTheSchemesDefault(String url, int port) {
    assertThat(parse(url).port()).isEqualTo(port);
    assertOnlyTcpPort(parse(url).toRule(), port);
  }

  @Test
  void aJdbcUrlKeepsItsInClusterNamespace() {
    assertThat(parse("jdbc:postgresql://postgresql.db.svc.cluster.local:5432/hubia").namespace())
        .isEqualTo("db");
  }

  @Test
  void aUrlTemplateWithPlaceholdersStillYieldsItsHost() {
    // HTTP tool URLs are templates: {argument} is not a legal URI character.
    EgressTarget target = parse("http://crm.apps.svc:8080/api/members/{number}?full={full}");

    assertThat(target).isEqualTo(new EgressTarget("crm.apps.svc", 8080, "apps", null));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "not a url", "mailto:ops@example.org", "/relative/path"})
  void noUsableHostGivesNoTarget(String url) {
    assertThat(EgressTarget.fromUrl(url, OWN)).isEmpty();
  }

  @Test
  void equalTargetsGiveEqualRulesSoRulesDeduplicate() {
    assertThat(parse("http://vllm.models.svc:8000/v1").toRule())
        .isEqualTo(parse("http://vllm.models.svc:8000/v2/other").toRule());
  }
}
