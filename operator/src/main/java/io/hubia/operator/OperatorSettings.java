package io.hubia.operator;

import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, read once at start from environment variables (the Helm chart sets
 * them). Secret values never pass through here: only the names of the Secrets that hold them.
 *
 * @param namespaces namespaces watched; empty means all namespaces
 * @param runtimeImage default image of agent runtime pods
 * @param opensearchUrl URL of the OpenSearch cluster agents query
 * @param opensearchSecretName Secret with keys username/password for OpenSearch, or null
 * @param auditJdbcUrl JDBC URL of the PostgreSQL audit store
 * @param auditSecretName Secret with keys username/password for the audit store, or null
 * @param leaderElection whether to take a Lease before reconciling (on when replicas > 1)
 * @param leaseName name of that Lease
 * @param leaseNamespace namespace of that Lease, or null for the operator's own
 * @param httpPort port of the health and metrics endpoint
 * @param reconcileThreads concurrent reconciliations
 * @param auditRetentionSchedule cron schedule of the audit retention CronJobs
 * @param auditRetentionSecretName Secret with keys username/password of the audit retention role
 *     ({@code hubia_audit_retention}), or null: then no retention CronJob is created
 */
public record OperatorSettings(
    Set<String> namespaces,
    String runtimeImage,
    String opensearchUrl,
    String opensearchSecretName,
    String auditJdbcUrl,
    String auditSecretName,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int httpPort,
    int reconcileThreads,
    String auditRetentionSchedule,
    String auditRetentionSecretName) {

  /** Schedule of the audit retention CronJobs when HUBIA_AUDIT_RETENTION_SCHEDULE is not set. */
  public static final String DEFAULT_AUDIT_RETENTION_SCHEDULE = "17 3 * * *";

  /** Settings without audit retention scheduling (the default schedule, no retention Secret). */
  public OperatorSettings(
      Set<String> namespaces,
      String runtimeImage,
      String opensearchUrl,
      String opensearchSecretName,
      String auditJdbcUrl,
      String auditSecretName,
      boolean leaderElection,
      String leaseName,
      String leaseNamespace,
      int httpPort,
      int reconcileThreads) {
    this(
        namespaces,
        runtimeImage,
        opensearchUrl,
        opensearchSecretName,
        auditJdbcUrl,
        auditSecretName,
        leaderElection,
        leaseName,
        leaseNamespace,
        httpPort,
        reconcileThreads,
        DEFAULT_AUDIT_RETENTION_SCHEDULE,
        null);
  }

  /** Image used when neither the workflow nor the environment names one. */
  public static final String DEFAULT_RUNTIME_IMAGE = "ghcr.io/hubia/hubia-runtime:0.1.0";

  /** Reads the settings from environment variables named HUBIA_*. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        csv(env.getOrDefault("HUBIA_WATCH_NAMESPACES", "")),
        env.getOrDefault("HUBIA_RUNTIME_IMAGE", DEFAULT_RUNTIME_IMAGE),
        env.getOrDefault("HUBIA_OPENSEARCH_URL", "https://opensearch:9200"),
        blankToNull(env.get("HUBIA_OPENSEARCH_SECRET")),
        env.getOrDefault("HUBIA_AUDIT_JDBC_URL", "jdbc:postgresql://postgresql:5432/hubia"),
        blankToNull(env.get("HUBIA_AUDIT_SECRET")),
        Boolean.parseBoolean(env.getOrDefault("HUBIA_LEADER_ELECTION", "false")),
        env.getOrDefault("HUBIA_LEASE_NAME", "hubia-operator-lease"),
        blankToNull(env.get("HUBIA_LEASE_NAMESPACE")),
        Integer.parseInt(env.getOrDefault("HUBIA_HTTP_PORT", "8081")),
        Integer.parseInt(env.getOrDefault("HUBIA_RECONCILE_THREADS", "10")),
        Optional.ofNullable(blankToNull(env.get("HUBIA_AUDIT_RETENTION_SCHEDULE")))
            .orElse(DEFAULT_AUDIT_RETENTION_SCHEDULE),
        blankToNull(env.get("HUBIA_AUDIT_RETENTION_SECRET")));
  }

  /** Settings for tests and benchmarks: all namespaces, no leader election, no HTTP server. */
  public static OperatorSettings forTests() {
    return new OperatorSettings(
        Set.of(),
        "hubia-runtime:test",
        "https://opensearch.hubia-system.svc:9200",
        "hubia-opensearch",
        "jdbc:postgresql://10.0.0.12:5432/hubia",
        "hubia-audit",
        false,
        "hubia-operator-lease",
        null,
        0,
        10,
        DEFAULT_AUDIT_RETENTION_SCHEDULE,
        "hubia-audit-retention");
  }

  /**
   * The Secret keys every runtime pod reads from its own namespace: OpenSearch and audit store
   * credentials (keys username and password).
   */
  public List<SecretKeyRef> platformSecrets() {
    List<SecretKeyRef> refs = new ArrayList<>();
    for (String secret : Arrays.asList(opensearchSecretName, auditSecretName)) {
      if (secret != null) {
        for (String key : List.of("username", "password")) {
          SecretKeyRef ref = new SecretKeyRef();
          ref.setName(secret);
          ref.setKey(key);
          refs.add(ref);
        }
      }
    }
    return refs;
  }

  /** The shared services every rendered runtime configuration points at. */
  public io.hubia.api.config.Platform platform() {
    return new io.hubia.api.config.Platform(
        opensearchUrl, opensearchSecretName, auditJdbcUrl, auditSecretName);
  }

  /** Whether the operator watches every namespace. */
  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }

  private static Set<String> csv(String value) {
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
