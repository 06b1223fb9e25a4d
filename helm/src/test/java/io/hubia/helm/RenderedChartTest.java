package io.hubia.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart rendered with each value set: valid Kubernetes objects, wired as the values say. */
class RenderedChartTest {

  static Stream<String> valueSets() {
    return Stream.of("default", "cluster-wide.yaml", "namespaced.yaml", "development.yaml");
  }

  static Chart.Rendered rendered(String valueSet) {
    return valueSet.equals("default") ? Chart.render(Map.of()) : Chart.renderValueSet(valueSet);
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void everyRenderedObjectIsAValidKubernetesObject(String valueSet) {
    Chart.Rendered rendered = rendered(valueSet);

    assertThat(rendered.objects()).isNotEmpty();
    assertThat(rendered.objects().stream().flatMap(o -> KubernetesObjects.problems(o).stream()))
        .isEmpty();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void everyObjectIsLabelledAndNamespacedObjectsLiveWhereTheyShould(String valueSet) {
    Chart.Rendered rendered = rendered(valueSet);

    for (HasMetadata object : rendered.objects()) {
      assertThat(object.getMetadata().getLabels())
          .as(object.getKind() + "/" + object.getMetadata().getName())
          .containsEntry("app.kubernetes.io/part-of", "hubia")
          .containsEntry("app.kubernetes.io/instance", Chart.RELEASE)
          .containsEntry("app.kubernetes.io/managed-by", "Helm");
      if (object instanceof Namespaced) {
        assertThat(object.getMetadata().getNamespace())
            .as("namespace of " + object.getKind() + "/" + object.getMetadata().getName())
            .isNotBlank();
      } else {
        assertThat(object.getMetadata().getNamespace()).isNull();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void objectNamesAreUniquePerKindAndNamespace(String valueSet) {
    List<String> ids =
        rendered(valueSet).objects().stream()
            .map(
                o ->
                    o.getKind()
                        + "/"
                        + o.getMetadata().getNamespace()
                        + "/"
                        + o.getMetadata().getName())
            .toList();

    assertThat(ids).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void theServiceAndTheNetworkPolicySelectTheOperatorPods(String valueSet) {
    Chart.Rendered rendered = rendered(valueSet);
    Deployment operator = rendered.one(Deployment.class, "hubia-operator");
    Map<String, String> podLabels = operator.getSpec().getTemplate().getMetadata().getLabels();

    assertThat(podLabels).containsAllEntriesOf(operator.getSpec().getSelector().getMatchLabels());
    assertThat(podLabels)
        .containsAllEntriesOf(
            rendered
                .one(io.fabric8.kubernetes.api.model.Service.class, "hubia-operator-metrics")
                .getSpec()
                .getSelector());
    rendered
        .all(NetworkPolicy.class)
        .forEach(
            policy ->
                assertThat(podLabels)
                    .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels()));
    rendered
        .all(PodDisruptionBudget.class)
        .forEach(
            budget ->
                assertThat(podLabels)
                    .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels()));
  }

  @Test
  void clustersOlderThanTheCrdsAndJobsNeedAreRefused() {
    // CEL rules on by default from 1.25, Jobs' podFailurePolicy from 1.26
    assertThatThrownBy(() -> Chart.render(command -> command.withKubeVersion("1.25.16")))
        .hasMessageContaining("kubeVersion");
    assertThat(Chart.render(command -> command.withKubeVersion("1.26.0")).objects()).isNotEmpty();
  }

  @Test
  void theDefaultsRenderTheOperatorWithoutOptionalMonitoring() {
    Chart.Rendered rendered = Chart.render(Map.of());

    assertThat(rendered.objects())
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "NetworkPolicy");
  }

  @Test
  void aProductionValueSetAddsTheBudgetAndTheServiceMonitor() {
    Chart.Rendered rendered = Chart.renderValueSet("cluster-wide.yaml");

    PodDisruptionBudget budget = rendered.one(PodDisruptionBudget.class, "hubia-operator");
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    ServiceMonitor monitor = rendered.one(ServiceMonitor.class, "hubia-operator");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.getSpec().getEndpoints())
        .singleElement()
        .satisfies(
            endpoint -> {
              assertThat(endpoint.getPort()).isEqualTo("http");
              assertThat(endpoint.getPath()).isEqualTo("/metrics");
              assertThat(endpoint.getHonorLabels()).isTrue();
            });
    assertThat(monitor.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "hubia-operator");
    assertThat(rendered.all(ClusterRoleBinding.class)).hasSize(2);
  }

  @Test
  void aNamespacedValueSetBindsTheRulesInEachListedNamespaceOnly() {
    Chart.Rendered rendered = Chart.renderValueSet("namespaced.yaml");

    assertThat(rendered.all(ClusterRoleBinding.class))
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("hubia-operator-crd-check");
    assertThat(rendered.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getNamespace() + "/" + b.getRoleRef().getName())
        .containsExactlyInAnyOrder(
            "federation/hubia-operator", "federation-preprod/hubia-operator");
    assertThat(rendered.all(RoleBinding.class))
        .allSatisfy(
            binding ->
                assertThat(binding.getSubjects())
                    .singleElement()
                    .satisfies(
                        subject -> {
                          assertThat(subject.getName()).isEqualTo("hubia-operator-existing");
                          assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
                        }));
    assertThat(rendered.all(NetworkPolicy.class)).isEmpty();
    assertThat(
            rendered.find(io.fabric8.kubernetes.api.model.ServiceAccount.class, "hubia-operator"))
        .isEmpty();
  }
}
