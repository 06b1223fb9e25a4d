package io.hubia.operator;

import io.hubia.api.config.ModelEndpoints;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import lombok.With;

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
 * @param identity the bearer tokens the runtime pods accept ({@link RuntimeIdentity#NONE}: none)
 * @param auditMigrate whether the runtime pods migrate the audit schema ({@code
 *     HUBIA_AUDIT_MIGRATE}): true connects them as the schema owner (local and development
 *     clusters), false as the insert-only writer role, which only validates the schema (production)
 * @param modelEndpoint base URL of the default model server ({@code HUBIA_MODEL_ENDPOINT}), for
 *     OpenAICompatible and Ollama models that name no endpoint; null: such models are refused
 *     (Ready=False, ModelEndpointMissing)
 *     <p>{@code @With} gives a copy with one setting changed, e.g. {@code withIdentity(...)},
 *     {@code withAuditMigrate(...)}, {@code withModelEndpoint(...)}.
 */
@With
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
    String auditRetentionSecretName,
    RuntimeIdentity identity,
    boolean auditMigrate,
    String modelEndpoint) {

  public OperatorSettings {
    identity = identity == null ? RuntimeIdentity.NONE : identity;
  }

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

  /**
   * Settings whose runtime pods trust no issuer and migrate the audit schema (the defaults of
   * HUBIA_IDENTITY_* and HUBIA_AUDIT_MIGRATE).
   */
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
      int reconcileThreads,
      String auditRetentionSchedule,
      String auditRetentionSecretName) {
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
        auditRetentionSchedule,
        auditRetentionSecretName,
        RuntimeIdentity.NONE,
        true,
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
        integer(env, "HUBIA_HTTP_PORT", "8081"),
        integer(env, "HUBIA_RECONCILE_THREADS", "10"),
        Optional.ofNullable(blankToNull(env.get("HUBIA_AUDIT_RETENTION_SCHEDULE")))
            .orElse(DEFAULT_AUDIT_RETENTION_SCHEDULE),
        blankToNull(env.get("HUBIA_AUDIT_RETENTION_SECRET")),
        RuntimeIdentity.fromEnvironment(env),
        strictBoolean(env, "HUBIA_AUDIT_MIGRATE", true),
        ModelEndpoints.fromEnvironment(env));
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
   * credentials (keys username and password), and the issuer's public key when it comes from a
   * Secret (key public-key).
   */
  public List<SecretKeyRef> platformSecrets() {
    List<SecretKeyRef> refs = new ArrayList<>();
    for (String secret : Arrays.asList(opensearchSecretName, auditSecretName)) {
      if (secret != null) {
        for (String key : List.of("username", "password")) {
          refs.add(secretKeyRef(secret, key));
        }
      }
    }
    if (identity.publicKeySecretName() != null) {
      refs.add(secretKeyRef(identity.publicKeySecretName(), RuntimeIdentity.PUBLIC_KEY_KEY));
    }
    return refs;
  }

  private static SecretKeyRef secretKeyRef(String secret, String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName(secret);
    ref.setKey(key);
    return ref;
  }

  /** The shared services every rendered runtime configuration points at. */
  public io.hubia.api.config.Platform platform() {
    return new io.hubia.api.config.Platform(
        opensearchUrl, opensearchSecretName, auditJdbcUrl, auditSecretName, modelEndpoint);
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

  private static int integer(Map<String, String> env, String name, String unset) {
    String value = env.getOrDefault(name, unset);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new NumberFormatException(name + " must be a whole number, not '" + value + "'");
    }
  }

  /** true or false in any case; anything else is refused rather than read as false. */
  private static boolean strictBoolean(Map<String, String> env, String name, boolean unset) {
    String value = blankToNull(env.get(name));
    if (value == null) {
      return unset;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
