package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values stop the rendering with a message that names the value: types and shapes by
 * values.schema.json, rules across values by templates/_validate.tpl.
 */
class ValuesAreCheckedTest {

  static Stream<Arguments> refusedBySchema() {
    return Stream.of(
        Arguments.of(Map.of("replicaCount", 0), "/replicaCount"),
        Arguments.of(Map.of("replicaCount", "two"), "/replicaCount"),
        Arguments.of(Map.of("watchNamespace", "federation"), "watchNamespace"),
        Arguments.of(Map.of("watchNamespaces[0]", "Federation_Lyon"), "/watchNamespaces/0"),
        Arguments.of(Map.of("image.digest", "latest"), "/image/digest"),
        Arguments.of(Map.of("image.pullPolicy", "Sometimes"), "/image/pullPolicy"),
        Arguments.of(Map.of("runtimeImage.tag", "bad tag"), "/runtimeImage/tag"),
        Arguments.of(Map.of("opensearch.url", "opensearch:9200"), "/opensearch/url"),
        Arguments.of(Map.of("audit.jdbcUrl", "postgres://db/hubia"), "/audit/jdbcUrl"),
        Arguments.of(Map.of("audit.migrate", "yes"), "/audit/migrate"),
        Arguments.of(Map.of("audit.retention.schedule", "daily"), "/audit/retention/schedule"),
        Arguments.of(Map.of("identity.issuer", "sso.example.org"), "/identity/issuer"),
        Arguments.of(Map.of("identity.egressCidrs[0]", "203.0.113.7"), "/identity/egressCidrs/0"),
        Arguments.of(Map.of("model.endpoint", "vllm:8000"), "/model/endpoint"),
        Arguments.of(Map.of("reconcileThreads", 0), "/reconcileThreads"),
        Arguments.of(Map.of("resources.limits.memory", "lots"), "/resources/limits/memory"),
        Arguments.of(
            Map.of("networkPolicy.apiServerPorts[0]", 70000), "/networkPolicy/apiServerPorts/0"),
        Arguments.of(
            Map.of("metrics.serviceMonitor.interval", "often"), "/metrics/serviceMonitor/interval"),
        Arguments.of(Map.of("opensearch.caSecret", "Opensearch_CA"), "/opensearch/caSecret"),
        Arguments.of(
            Map.of("metrics.prometheusRule.thresholds.fallbackRatio", 1.5),
            "/metrics/prometheusRule/thresholds/fallbackRatio"),
        Arguments.of(
            Map.of("metrics.prometheusRule.thresholds.answerLatency", 5), "answerLatency"));
  }

  @ParameterizedTest
  @MethodSource("refusedBySchema")
  void theSchemaRefusesBadValuesAndNamesThem(Map<String, Object> values, String where) {
    String message = Chart.failure(values);

    assertThat(message)
        .contains("values don't meet the specifications of the schema")
        .contains(where);
  }

  static Stream<Arguments> refusedByRules() {
    return Stream.of(
        Arguments.of(
            Map.of("replicaCount", 2, "leaderElection.enabled", false),
            "Set leaderElection.enabled=true or replicaCount=1"),
        Arguments.of(
            Map.of("serviceAccount.create", false),
            "set serviceAccount.name to the existing ServiceAccount"),
        Arguments.of(
            Map.of("identity.issuer", "https://sso.example.org/realms/a"), "set identity.jwksUrl"),
        Arguments.of(
            Map.of(
                "identity.issuer", "https://sso.example.org/realms/a",
                "identity.jwksUrl", "https://sso.example.org/realms/a/certs",
                "identity.publicKeySecret", "issuer-key"),
            "exactly one of them"),
        Arguments.of(
            Map.of("identity.jwksUrl", "https://sso.example.org/realms/a/certs"),
            "without identity.issuer"),
        Arguments.of(
            Map.of(
                "identity.issuer", "https://sso.example.org/realms/a",
                "identity.publicKeySecret", "issuer-key",
                "identity.egressCidrs[0]", "203.0.113.0/24"),
            "it needs identity.jwksUrl"));
  }

  @ParameterizedTest
  @MethodSource("refusedByRules")
  void rulesAcrossValuesRefuseWithWhatToChange(Map<String, Object> values, String message) {
    assertThat(Chart.failure(values)).contains(message);
  }
}
