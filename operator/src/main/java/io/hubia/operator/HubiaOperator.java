package io.hubia.operator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.operator.events.EventRecorder;
import io.hubia.operator.index.OpenSearchConnections;
import io.hubia.operator.index.RetrievalIndexReconciler;
import io.hubia.operator.policy.PolicySetReconciler;
import io.hubia.operator.status.StatusTransitions;
import io.hubia.operator.workflow.AgentWorkflowReconciler;
import io.hubia.operator.workflow.audit.AuditHealthReader;
import io.hubia.operator.workflow.audit.HttpAuditHealthReader;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hubia operator: registers the AgentWorkflow, RetrievalIndex and PolicySet controllers on one
 * JOSDK operator. The same wiring runs in production, in the integration tests and in the
 * benchmark: primary status is patched without server-side apply and dependents are matched without
 * it, because the test API server does not support it (see docs/operator.md).
 */
public final class HubiaOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HubiaOperator.class);

  private final Operator operator;
  private final PrometheusMeterRegistry metrics;
  private final OperatorHttpServer httpServer;
  private final OpenSearchConnections connections;

  private final AtomicBoolean closing;
  // Registers GC notification listeners that would keep the registry reachable after close.
  private final JvmGcMetrics gcMetrics;

  private HubiaOperator(
      Operator operator,
      PrometheusMeterRegistry metrics,
      JvmGcMetrics gcMetrics,
      OperatorHttpServer httpServer,
      OpenSearchConnections connections,
      AtomicBoolean closing) {
    this.closing = closing;
    this.connections = connections;
    this.gcMetrics = gcMetrics;
    this.operator = operator;
    this.metrics = metrics;
    this.httpServer = httpServer;
  }

  /**
   * Leader election that exits the process when leadership is lost while running (another replica
   * takes over and Kubernetes restarts this one), but not during a graceful stop: the SDK's own
   * exit would run System.exit inside the JVM shutdown hook, which never returns.
   */
  private static LeaderElectionConfiguration leaderElection(
      OperatorSettings settings, AtomicBoolean closing) {
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> LOG.info("Leading: reconciling"),
            () -> {
              if (!closing.get()) {
                LOG.error(
                    "Lost the lease {}: exiting so that a new leader takes over",
                    settings.leaseName());
                new Thread(() -> System.exit(1), "hubia-lost-lease").start();
              }
            },
            leader -> LOG.info("Current leader: {}", leader));
    return new LeaderElectionConfiguration(
        settings.leaseName(),
        settings.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        null,
        callbacks,
        false);
  }

  /**
   * Builds and starts the operator with the given client and settings; audit health is read from
   * each workflow's Service.
   */
  public static HubiaOperator start(KubernetesClient client, OperatorSettings settings)
      throws IOException {
    return start(
        client,
        settings,
        new HttpAuditHealthReader(HttpAuditHealthReader.DEFAULT_TIMEOUT),
        AgentWorkflowReconciler.AUDIT_REFRESH);
  }

  /**
   * Builds and starts the operator, reading the runtimes' audit health with {@code auditHealth}
   * every {@code auditRefresh} at least (tests: the HTTP reader pointed at runtimes they start, and
   * a short refresh).
   */
  public static HubiaOperator start(
      KubernetesClient client,
      OperatorSettings settings,
      AuditHealthReader auditHealth,
      Duration auditRefresh)
      throws IOException {
    AtomicBoolean closing = new AtomicBoolean();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    JvmGcMetrics gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withCloseClientOnStop(false)
                  .withMetrics(
                      MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(metrics)
                          .collectingMetricsPerResource()
                          .build());
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(settings, closing));
              }
            });
    StatusTransitions transitions = new StatusTransitions(new EventRecorder(client), metrics);
    Clock clock = Clock.systemUTC();
    operator.register(
        new AgentWorkflowReconciler(
            settings,
            transitions,
            auditHealth,
            auditRefresh,
            new io.hubia.operator.workflow.evaluation.EvaluationMetrics(metrics),
            clock),
        namespaces(settings));
    operator.register(new PolicySetReconciler(transitions, clock), namespaces(settings));
    OpenSearchConnections connections =
        new OpenSearchConnections(
            client, OpenSearchConnections.defaultEndpoint(settings, System.getenv()));
    operator.register(
        new RetrievalIndexReconciler(
            settings, connections, transitions, new EventRecorder(client), metrics, clock),
        namespaces(settings));
    OperatorHttpServer httpServer =
        settings.httpPort() > 0
            ? OperatorHttpServer.start(settings.httpPort(), metrics, operator)
            : null;
    try {
      operator.start();
    } catch (RuntimeException e) {
      if (httpServer != null) {
        httpServer.close();
      }
      connections.close();
      gcMetrics.close();
      metrics.close();
      throw e;
    }
    LOG.info(
        "Hubia operator started, watching {}",
        settings.watchesAllNamespaces() ? "all namespaces" : settings.namespaces());
    if (settings.auditRetentionSecretName() == null) {
      LOG.info(
          "Audit retention not scheduled: HUBIA_AUDIT_RETENTION_SECRET is not set (policies with"
              + " audit.retentionDays get an AuditRetentionNotScheduled Event)");
    } else {
      LOG.info(
          "Audit retention scheduled at '{}' with the credentials of Secret {}",
          settings.auditRetentionSchedule(),
          settings.auditRetentionSecretName());
    }
    logRuntimeSettings(settings);
    return new HubiaOperator(operator, metrics, gcMetrics, httpServer, connections, closing);
  }

  /**
   * What the runtime pods will trust and do, said once at start: a missing issuer is fatal to them.
   */
  private static void logRuntimeSettings(OperatorSettings settings) {
    RuntimeIdentity identity = settings.identity();
    if (!identity.configured()) {
      LOG.warn(
          "Runtime pods will refuse every request: no OIDC issuer configured (set {} and {} or {})",
          RuntimeIdentity.ISSUER_ENV,
          RuntimeIdentity.JWKS_URL_ENV,
          RuntimeIdentity.PUBLIC_KEY_SECRET_ENV);
    } else if (identity.jwksUrl() != null) {
      LOG.info(
          "Runtime pods accept bearer tokens of issuer {}, keys from {}{}",
          identity.issuer(),
          identity.jwksUrl(),
          identity.egressCidrs().isEmpty() ? "" : ", reached in " + identity.egressCidrs());
    } else {
      LOG.info(
          "Runtime pods accept bearer tokens of issuer {}, public key from Secret {}",
          identity.issuer(),
          identity.publicKeySecretName());
    }
    LOG.info(
        settings.auditMigrate()
            ? "Runtime pods migrate the audit schema (HUBIA_AUDIT_MIGRATE=true): HUBIA_AUDIT_SECRET"
                + " must hold the schema owner's credentials"
            : "Runtime pods only validate the audit schema (HUBIA_AUDIT_MIGRATE=false):"
                + " HUBIA_AUDIT_SECRET holds the hubia_audit_writer role's credentials");
  }

  private static <P extends io.fabric8.kubernetes.api.model.HasMetadata>
      Consumer<ControllerConfigurationOverrider<P>> namespaces(OperatorSettings settings) {
    return o -> {
      if (settings.watchesAllNamespaces()) {
        o.watchingAllNamespaces();
      } else {
        o.settingNamespaces(settings.namespaces());
      }
    };
  }

  /**
   * A client whose deserialisation turns unknown enum values into null, so that a resource no API
   * server validated still reaches the validators and ends as InvalidSpec instead of being dropped
   * by the informer.
   */
  public static KubernetesClient lenientClient(KubernetesClientBuilder builder) {
    ObjectMapper mapper =
        new ObjectMapper().enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
    return builder.withKubernetesSerialization(new KubernetesSerialization(mapper, true)).build();
  }

  /** The operator's metrics registry (exported at /metrics). */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    operator.stop();
    connections.close();
    if (httpServer != null) {
      httpServer.close();
    }
    gcMetrics.close();
    metrics.close();
  }

  /** Entry point of the operator image. */
  public static void main(String[] args) throws Exception {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("The operator could not start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    KubernetesClient client = lenientClient(new KubernetesClientBuilder());
    HubiaOperator hubia;
    try {
      hubia = start(client, settings);
    } catch (RuntimeException e) {
      // Exit so that Kubernetes restarts the pod with backoff instead of a live, useless JVM.
      LOG.error("The operator could not start: {}", e.toString(), e);
      client.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  hubia.close();
                  client.close();
                },
                "hubia-shutdown"));
    Thread.currentThread().join();
  }
}
