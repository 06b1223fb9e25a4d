package io.hubia.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.operator.testing.TestResources;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator as configured by its environment: a list of watched namespaces, leader election, and
 * the health and metrics endpoint.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorConfigurationIT {
  static KubernetesClient mockClient;
  static KubernetesMockServer server;
  static KubernetesClient client;
  static HubiaOperator operator;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    // Before leading, JOSDK checks its Lease permissions with a SelfSubjectRulesReview, which the
    // mock server cannot answer in CRUD mode: answer as an API server granting them would.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("*")
                .endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    client =
        HubiaOperator.lenientClient(
            new KubernetesClientBuilder().withConfig(mockClient.getConfiguration()));
    TestResources.registerHubiaCrds(client);
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    OperatorSettings tests = OperatorSettings.forTests();
    OperatorSettings settings =
        new OperatorSettings(
            Set.of("antenne-lyon"),
            tests.runtimeImage(),
            tests.opensearchUrl(),
            null,
            tests.auditJdbcUrl(),
            null,
            true,
            "hubia-operator-lease",
            "hubia-system",
            port,
            2);
    operator = HubiaOperator.start(client, settings);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    client.close();
  }

  @Test
  void reconcilesOnlyTheWatchedNamespaces() {
    client.resource(TestResources.policy("antenne-lyon")).create();
    client.resource(TestResources.policy("antenne-lille")).create();

    await().atMost(Duration.ofSeconds(30)).until(() -> policy("antenne-lyon").getStatus() != null);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> policy("antenne-lille").getStatus() == null);
  }

  @Test
  void holdsTheLeaseWhileLeading() {
    Lease lease =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    client
                        .leases()
                        .inNamespace("hubia-system")
                        .withName("hubia-operator-lease")
                        .get(),
                l -> l != null && l.getSpec().getHolderIdentity() != null);
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isPositive();
  }

  @Test
  void servesHealthReadinessAndPrometheusMetrics() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    assertThat(get(http, "/healthz").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> get(http, "/readyz").statusCode() == 200);

    AgentWorkflow workflow = TestResources.workflow("antenne-lyon");
    workflow.getMetadata().setName("sans-politique");
    workflow.getSpec().getPolicyRef().setName("absente");
    client.resource(workflow).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get(http, "/metrics").body())
                    .contains("hubia_operator_ready_transitions_total")
                    .contains("reason=\"PolicySetNotFound\"")
                    .contains("operator_sdk_")
                    .contains("jvm_memory_used_bytes"));
    assertThat(get(http, "/metrics").headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
  }

  private static HttpResponse<String> get(HttpClient http, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static PolicySet policy(String namespace) {
    return client
        .resources(PolicySet.class)
        .inNamespace(namespace)
        .withName("politique-federation")
        .get();
  }
}
