package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The operator's Deployment: its image, its settings from values, and how it runs. */
class OperatorDeploymentTest {

  private static PodSpec pod(Chart.Rendered rendered) {
    return rendered.one(Deployment.class, "hubia-operator").getSpec().getTemplate().getSpec();
  }

  private static Container operator(Chart.Rendered rendered) {
    return pod(rendered).getContainers().get(0);
  }

  /** Plain values by name; variables from Secrets as "secret:<name>/<key>". */
  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .collect(
            Collectors.toMap(
                EnvVar::getName,
                v ->
                    v.getValueFrom() == null
                        ? v.getValue()
                        : "secret:"
                            + v.getValueFrom().getSecretKeyRef().getName()
                            + "/"
                            + v.getValueFrom().getSecretKeyRef().getKey(),
                (a, b) -> {
                  throw new AssertionError("variable set twice: " + a + ", " + b);
                },
                LinkedHashMap::new));
  }

  @Test
  void theDefaultsRunTheChartVersionsImagesAsANonRootReadOnlyContainer() {
    Chart.Rendered rendered = Chart.render(Map.of());
    PodSpec pod = pod(rendered);
    Container operator = operator(rendered);

    assertThat(operator.getImage()).isEqualTo("ghcr.io/hubia/hubia-operator:0.1.0");
    assertThat(env(operator))
        .containsEntry("HUBIA_RUNTIME_IMAGE", "ghcr.io/hubia/hubia-runtime:0.1.0");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getVolumeMounts())
        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
  }

  @Test
  void probesAskTheOperatorsHealthAndReadinessEndpointsOnItsHttpPort() {
    Container operator = operator(Chart.render(Map.of()));

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http");
              assertThat(port.getContainerPort()).isEqualTo(8081);
            });
    assertThat(env(operator)).containsEntry("HUBIA_HTTP_PORT", "8081");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void aDigestWinsOverTheTagAndTheRegistryIsOptional() {
    Chart.Rendered rendered =
        Chart.render(
            Map.of(
                "image.tag", "ignored",
                "image.digest",
                    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "runtimeImage.registry", "",
                "runtimeImage.repository", "mirror.example.org/hubia/runtime",
                "runtimeImage.tag", "0.2.0"));

    assertThat(operator(rendered).getImage())
        .isEqualTo(
            "ghcr.io/hubia/hubia-operator@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(env(operator(rendered)))
        .containsEntry("HUBIA_RUNTIME_IMAGE", "mirror.example.org/hubia/runtime:0.2.0");
  }

  @Test
  void everySettingOfAProductionValueSetReachesTheOperatorAsItsVariable() {
    Chart.Rendered rendered = Chart.renderValueSet("cluster-wide.yaml");
    Map<String, String> env = env(operator(rendered));

    assertThat(env)
        .containsEntry("HUBIA_WATCH_NAMESPACES", "")
        .containsEntry("HUBIA_RUNTIME_IMAGE", "registry.example.org/hubia/hubia-runtime:0.1.0-rc1")
        .containsEntry("HUBIA_LEADER_ELECTION", "true")
        .containsEntry("HUBIA_LEASE_NAME", "hubia-operator-lease")
        .containsEntry("HUBIA_LEASE_NAMESPACE", Chart.NAMESPACE)
        .containsEntry("HUBIA_OPENSEARCH_URL", "https://opensearch.search.svc:9200")
        .containsEntry("HUBIA_OPENSEARCH_SECRET", "hubia-opensearch")
        .containsEntry("HUBIA_OPENSEARCH_USERNAME", "secret:hubia-opensearch-operator/username")
        .containsEntry("HUBIA_OPENSEARCH_PASSWORD", "secret:hubia-opensearch-operator/password")
        .containsEntry("HUBIA_OPENSEARCH_CA_FILE", "/etc/hubia/opensearch-ca/ca.crt")
        .containsEntry(
            "HUBIA_AUDIT_JDBC_URL", "jdbc:postgresql://audit-rw.databases.svc:5432/hubia")
        .containsEntry("HUBIA_AUDIT_SECRET", "hubia-audit-writer")
        .containsEntry("HUBIA_AUDIT_MIGRATE", "false")
        .containsEntry("HUBIA_AUDIT_RETENTION_SECRET", "hubia-audit-retention")
        .containsEntry("HUBIA_AUDIT_RETENTION_SCHEDULE", "30 2 * * *")
        .containsEntry("HUBIA_IDENTITY_ISSUER", "https://sso.example.org/realms/federation")
        .containsEntry(
            "HUBIA_IDENTITY_JWKS_URL",
            "https://sso.example.org/realms/federation/protocol/openid-connect/certs")
        .containsEntry("HUBIA_IDENTITY_AUDIENCE", "hubia-runtime")
        .containsEntry("HUBIA_IDENTITY_EGRESS_CIDRS", "203.0.113.0/24")
        .containsEntry("HUBIA_MODEL_ENDPOINT", "http://vllm.models.svc:8000/v1")
        .containsEntry("HUBIA_RECONCILE_THREADS", "10")
        .doesNotContainKey("HUBIA_IDENTITY_PUBLIC_KEY_SECRET");
    assertThat(pod(rendered).getImagePullSecrets())
        .singleElement()
        .satisfies(secret -> assertThat(secret.getName()).isEqualTo("regcred"));
    assertThat(pod(rendered).getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .singleElement()
        .satisfies(
            volume -> assertThat(volume.getSecret().getSecretName()).isEqualTo("opensearch-ca"));
    assertThat(rendered.one(Deployment.class, "hubia-operator").getSpec().getReplicas())
        .isEqualTo(2);
  }

  @Test
  void aNamespacedValueSetWatchesItsListAndLeavesUnsetSettingsOut() {
    Map<String, String> env = env(operator(Chart.renderValueSet("namespaced.yaml")));

    assertThat(env)
        .containsEntry("HUBIA_WATCH_NAMESPACES", "federation,federation-preprod")
        .containsEntry("HUBIA_LEADER_ELECTION", "false")
        .containsEntry("HUBIA_IDENTITY_PUBLIC_KEY_SECRET", "hubia-issuer-key")
        .containsEntry("HUBIA_AUDIT_MIGRATE", "true")
        .doesNotContainKeys(
            "HUBIA_LEASE_NAME",
            "HUBIA_OPENSEARCH_SECRET",
            "HUBIA_OPENSEARCH_USERNAME",
            "HUBIA_OPENSEARCH_CA_FILE",
            "HUBIA_AUDIT_SECRET",
            "HUBIA_AUDIT_RETENTION_SECRET",
            "HUBIA_IDENTITY_JWKS_URL",
            "HUBIA_IDENTITY_AUDIENCE",
            "HUBIA_MODEL_ENDPOINT");
  }

  @Test
  void extraVariablesAndSchedulingSettingsPassThrough() {
    Chart.Rendered rendered =
        Chart.render(
            Map.of(
                "extraEnv[0].name", "HTTPS_PROXY",
                "extraEnv[0].value", "http://proxy.example.org:3128",
                "nodeSelector.kubernetes\\.io/os", "linux",
                "priorityClassName", "system-cluster-critical",
                "podAnnotations.example\\.org/team", "platform"));

    assertThat(env(operator(rendered)))
        .containsEntry("HTTPS_PROXY", "http://proxy.example.org:3128");
    assertThat(pod(rendered).getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod(rendered).getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(
            rendered
                .one(Deployment.class, "hubia-operator")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsEntry("example.org/team", "platform");
  }
}
