package io.hubia.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.Condition;
import io.hubia.operator.HubiaOperator;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.status.ConditionType;
import io.hubia.operator.status.Conditions;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The mock API server with the Hubia CRDs registered, a Deployment controller simulator and the
 * operator, wired exactly as in production. One per test class.
 */
public final class OperatorTestCluster implements AutoCloseable {
  private final KubernetesClient client;
  private DeploymentControllerSimulator deployments;
  private HubiaOperator operator;
  private final java.util.Set<String> namespacesWithPlatformSecrets =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  public OperatorTestCluster(KubernetesClient mockClient) {
    this.client =
        HubiaOperator.lenientClient(
            new KubernetesClientBuilder().withConfig(mockClient.getConfiguration()));
    TestResources.registerHubiaCrds(client);
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * Starts the operator (and the Deployment controller simulator the first time). Audit health is
   * read from each workflow's Service, which no DNS resolves here: workflows report
   * AuditUnreachable, as they would with no runtime answering.
   */
  public OperatorTestCluster startOperator() throws IOException {
    if (deployments == null) {
      deployments = DeploymentControllerSimulator.start(client);
    }
    operator = HubiaOperator.start(client, settings());
    return this;
  }

  /** Starts the operator with other settings than {@link #settings()}. */
  public OperatorTestCluster startOperator(OperatorSettings settings) throws IOException {
    if (deployments == null) {
      deployments = DeploymentControllerSimulator.start(client);
    }
    operator = HubiaOperator.start(client, settings);
    return this;
  }

  /**
   * Starts the operator reading audit health with {@code auditHealth} every {@code auditRefresh}:
   * the HTTP reader pointed at a runtime the test runs.
   */
  public OperatorTestCluster startOperator(
      io.hubia.operator.workflow.audit.AuditHealthReader auditHealth, Duration auditRefresh)
      throws IOException {
    if (deployments == null) {
      deployments = DeploymentControllerSimulator.start(client);
    }
    operator = HubiaOperator.start(client, settings(), auditHealth, auditRefresh);
    return this;
  }

  /**
   * The test settings, with the JVM's shared embedded OpenSearch node as the default cluster: the
   * RetrievalIndex controller creates its indexes there.
   */
  public static OperatorSettings settings() {
    OperatorSettings tests = OperatorSettings.forTests();
    return new OperatorSettings(
        tests.namespaces(),
        tests.runtimeImage(),
        SharedOpenSearch.url().toString(),
        tests.opensearchSecretName(),
        tests.auditJdbcUrl(),
        tests.auditSecretName(),
        tests.leaderElection(),
        tests.leaseName(),
        tests.leaseNamespace(),
        tests.httpPort(),
        tests.reconcileThreads(),
        tests.auditRetentionSchedule(),
        tests.auditRetentionSecretName());
  }

  /** Stops the operator, as a crash or a rolling upgrade would. */
  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  public HubiaOperator operator() {
    return operator;
  }

  /** A fresh namespace name, so tests never see each other's objects. */
  public static String namespace() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Creates a resource; the first time a namespace is used, also creates the OpenSearch and audit
   * credential Secrets that every runtime pod of that namespace mounts (the Helm chart's job).
   */
  public <T extends HasMetadata> T create(T resource) {
    String namespace = resource.getMetadata().getNamespace();
    if (namespace != null && namespacesWithPlatformSecrets.add(namespace)) {
      for (String name : java.util.List.of("hubia-opensearch", "hubia-audit")) {
        client
            .resource(
                new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .endMetadata()
                    .addToStringData("username", "hubia")
                    .addToStringData("password", "test-only")
                    .build())
            .createOr(r -> r.update());
      }
    }
    return client.resource(resource).create();
  }

  public AgentWorkflow workflow(String namespace, String name) {
    return client.resources(AgentWorkflow.class).inNamespace(namespace).withName(name).get();
  }

  /** Waits until the Ready condition of a resource has the given status and reason. */
  public <T extends HasMetadata> T awaitReady(
      Class<T> type, String namespace, String name, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              Optional<Condition> ready =
                  Conditions.find(conditions(type, namespace, name), ConditionType.Ready);
              org.assertj.core.api.Assertions.assertThat(ready)
                  .as("Ready condition of %s/%s", namespace, name)
                  .hasValueSatisfying(
                      c -> {
                        org.assertj.core.api.Assertions.assertThat(c.getStatus()).isEqualTo(status);
                        org.assertj.core.api.Assertions.assertThat(c.getReason()).isEqualTo(reason);
                      });
            });
    return client.resources(type).inNamespace(namespace).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> List<Condition> conditions(
      Class<T> type, String namespace, String name) throws Exception {
    T resource = client.resources(type).inNamespace(namespace).withName(name).get();
    if (resource == null) {
      return List.of();
    }
    Object status = type.getMethod("getStatus").invoke(resource);
    if (status == null) {
      return List.of();
    }
    return (List<Condition>) status.getClass().getMethod("getConditions").invoke(status);
  }

  /**
   * Changes a workflow's spec the way kubectl edit does: read, change, replace (retried on 409).
   */
  public void editWorkflow(
      String namespace, String name, java.util.function.Consumer<AgentWorkflow> change) {
    edit(AgentWorkflow.class, namespace, name, change);
  }

  /** Changes any resource the way kubectl edit does: read, change, replace (retried on 409). */
  public <T extends HasMetadata> void edit(
      Class<T> type, String namespace, String name, java.util.function.Consumer<T> change) {
    for (int attempt = 0; ; attempt++) {
      T current = client.resources(type).inNamespace(namespace).withName(name).get();
      change.accept(current);
      try {
        client.resource(current).update();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 20) {
          throw e;
        }
      }
    }
  }

  /** Events recorded on an object, oldest first. */
  public List<Event> events(String namespace, String objectName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> objectName.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Override
  public void close() {
    stopOperator();
    if (deployments != null) {
      deployments.close();
    }
    client.close();
  }
}
