package io.hubia.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void emptyEnvironmentGivesTheDocumentedDefaults() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());

    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.watchesAllNamespaces()).isTrue();
    assertThat(settings.runtimeImage()).isEqualTo(OperatorSettings.DEFAULT_RUNTIME_IMAGE);
    assertThat(settings.opensearchUrl()).isEqualTo("https://opensearch:9200");
    assertThat(settings.opensearchSecretName()).isNull();
    assertThat(settings.auditJdbcUrl()).isEqualTo("jdbc:postgresql://postgresql:5432/hubia");
    assertThat(settings.auditSecretName()).isNull();
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.leaseName()).isEqualTo("hubia-operator-lease");
    assertThat(settings.leaseNamespace()).isNull();
    assertThat(settings.httpPort()).isEqualTo(8081);
    assertThat(settings.reconcileThreads()).isEqualTo(10);
    assertThat(settings.auditRetentionSchedule()).isEqualTo("17 3 * * *");
    assertThat(settings.auditRetentionSecretName()).isNull();
    assertThat(settings.identity()).isEqualTo(RuntimeIdentity.NONE);
    assertThat(settings.auditMigrate()).isTrue();
    assertThat(settings.modelEndpoint()).isNull();
  }

  @Test
  void namespacesAreACommaSeparatedListTrimmedWithoutBlanksOrDuplicates() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of("HUBIA_WATCH_NAMESPACES", " team-a, team-b ,,team-a , "));

    assertThat(settings.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(settings.watchesAllNamespaces()).isFalse();
  }

  @Test
  void blankNamespaceListWatchesAllNamespaces() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(Map.of("HUBIA_WATCH_NAMESPACES", " , "));

    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.watchesAllNamespaces()).isTrue();
  }

  @Test
  void everyVariableIsRead() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.ofEntries(
                Map.entry("HUBIA_WATCH_NAMESPACES", "team-a"),
                Map.entry("HUBIA_RUNTIME_IMAGE", "registry.example.org/runtime:2"),
                Map.entry("HUBIA_OPENSEARCH_URL", "https://search.example.org:9200"),
                Map.entry("HUBIA_OPENSEARCH_SECRET", "os-credentials"),
                Map.entry("HUBIA_AUDIT_JDBC_URL", "jdbc:postgresql://10.1.2.3:5432/audit"),
                Map.entry("HUBIA_AUDIT_SECRET", "audit-credentials"),
                Map.entry("HUBIA_LEADER_ELECTION", "true"),
                Map.entry("HUBIA_LEASE_NAME", "my-lease"),
                Map.entry("HUBIA_LEASE_NAMESPACE", "hubia-system"),
                Map.entry("HUBIA_HTTP_PORT", "9090"),
                Map.entry("HUBIA_RECONCILE_THREADS", "4"),
                Map.entry("HUBIA_AUDIT_RETENTION_SCHEDULE", "0 1 * * 0"),
                Map.entry("HUBIA_AUDIT_RETENTION_SECRET", "audit-retention"),
                Map.entry("HUBIA_IDENTITY_ISSUER", "https://sso.example.org/realms/hubia"),
                Map.entry("HUBIA_IDENTITY_JWKS_URL", "https://sso.example.org/realms/hubia/certs"),
                Map.entry("HUBIA_IDENTITY_AUDIENCE", "hubia-runtime"),
                Map.entry("HUBIA_IDENTITY_EGRESS_CIDRS", "203.0.113.0/24"),
                Map.entry("HUBIA_AUDIT_MIGRATE", "false"),
                Map.entry("HUBIA_MODEL_ENDPOINT", "http://vllm.models.svc:8000/v1")));

    assertThat(settings)
        .isEqualTo(
            new OperatorSettings(
                java.util.Set.of("team-a"),
                "registry.example.org/runtime:2",
                "https://search.example.org:9200",
                "os-credentials",
                "jdbc:postgresql://10.1.2.3:5432/audit",
                "audit-credentials",
                true,
                "my-lease",
                "hubia-system",
                9090,
                4,
                "0 1 * * 0",
                "audit-retention",
                new RuntimeIdentity(
                    "https://sso.example.org/realms/hubia",
                    "https://sso.example.org/realms/hubia/certs",
                    "hubia-runtime",
                    null,
                    List.of("203.0.113.0/24")),
                false,
                "http://vllm.models.svc:8000/v1"));
  }

  @Test
  void blankSecretNamesAndLeaseNamespaceMeanNone() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "HUBIA_OPENSEARCH_SECRET", "  ",
                "HUBIA_AUDIT_SECRET", "",
                "HUBIA_LEASE_NAMESPACE", " ",
                "HUBIA_AUDIT_RETENTION_SECRET", " ",
                "HUBIA_AUDIT_RETENTION_SCHEDULE", " "));

    assertThat(settings.auditRetentionSecretName()).isNull();
    assertThat(settings.auditRetentionSchedule()).isEqualTo("17 3 * * *");
    assertThat(settings.opensearchSecretName()).isNull();
    assertThat(settings.auditSecretName()).isNull();
    assertThat(settings.leaseNamespace()).isNull();
  }

  @Test
  void leaderElectionIsOnOnlyForTrue() {
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("HUBIA_LEADER_ELECTION", "TRUE"))
                .leaderElection())
        .isTrue();
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("HUBIA_LEADER_ELECTION", "yes"))
                .leaderElection())
        .isFalse();
  }

  @Test
  void aNonNumericPortFailsAtStartInsteadOfBeingIgnored() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("HUBIA_HTTP_PORT", "eighty")))
        .isInstanceOf(NumberFormatException.class)
        .hasMessage("HUBIA_HTTP_PORT must be a whole number, not 'eighty'");
  }

  @Test
  void auditMigrationIsTrueOrFalseInAnyCaseAndNothingElse() {
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("HUBIA_AUDIT_MIGRATE", " FALSE "))
                .auditMigrate())
        .isFalse();
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("HUBIA_AUDIT_MIGRATE", "True")).auditMigrate())
        .isTrue();
    assertThat(OperatorSettings.fromEnvironment(Map.of("HUBIA_AUDIT_MIGRATE", " ")).auditMigrate())
        .as("blank means unset")
        .isTrue();
    // A typo must not silently pick one: false would leave a fresh database unmigrated, true
    // would run migrations with a role that may not.
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("HUBIA_AUDIT_MIGRATE", "no")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HUBIA_AUDIT_MIGRATE must be true or false, not 'no'");
  }

  @Test
  void invalidIdentitySettingsStopTheOperatorAtStart() {
    assertThatThrownBy(
            () ->
                OperatorSettings.fromEnvironment(
                    Map.of("HUBIA_IDENTITY_ISSUER", "https://sso.example.org/realms/hubia")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HUBIA_IDENTITY_ISSUER needs exactly one source of signing keys");
  }

  @Test
  void theDefaultModelServerIsAnHttpUrlReachingEveryRenderedConfiguration() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of("HUBIA_MODEL_ENDPOINT", " https://models.example.org/v1 "));

    assertThat(settings.modelEndpoint()).isEqualTo("https://models.example.org/v1");
    assertThat(settings.platform().modelEndpoint()).isEqualTo("https://models.example.org/v1");
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("HUBIA_MODEL_ENDPOINT", " ")).modelEndpoint())
        .as("blank means unset")
        .isNull();
  }

  @Test
  void anInvalidDefaultModelServerStopsTheOperatorAtStart() {
    for (String invalid :
        List.of(
            "vllm.models.svc:8000/v1",
            "ftp://models.example.org",
            "http:///v1",
            "http://user:secret@models.example.org/v1",
            "http://models.example.org/v1?key=x",
            "http://models.example.org/v1#x",
            "http://models example.org")) {
      assertThatThrownBy(
              () -> OperatorSettings.fromEnvironment(Map.of("HUBIA_MODEL_ENDPOINT", invalid)))
          .as(invalid)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "HUBIA_MODEL_ENDPOINT '"
                  + invalid
                  + "' is not the base URL of a model server: http or https, with a host, without"
                  + " credentials, query or fragment (e.g. http://vllm.models.svc:8000/v1)");
    }
  }

  @Test
  void thePublicKeySecretIsAPlatformSecretCheckedInEveryWorkflowNamespace() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "HUBIA_AUDIT_SECRET", "audit-credentials",
                "HUBIA_IDENTITY_ISSUER", "https://sso.example.org/realms/hubia",
                "HUBIA_IDENTITY_PUBLIC_KEY_SECRET", "hubia-identity-key"));

    assertThat(settings.platformSecrets())
        .extracting(r -> r.getName() + "/" + r.getKey())
        .containsExactly(
            "audit-credentials/username",
            "audit-credentials/password",
            "hubia-identity-key/public-key");
  }

  @Test
  void withersChangeOnlyTheirSetting() {
    OperatorSettings tests = OperatorSettings.forTests();
    RuntimeIdentity identity =
        new RuntimeIdentity(
            "https://sso.example.org/realms/hubia", null, null, "hubia-identity-key", List.of());

    OperatorSettings changed =
        tests
            .withIdentity(identity)
            .withAuditMigrate(false)
            .withModelEndpoint("http://vllm.models.svc:8000/v1");

    assertThat(changed.identity()).isEqualTo(identity);
    assertThat(changed.auditMigrate()).isFalse();
    assertThat(changed.modelEndpoint()).isEqualTo("http://vllm.models.svc:8000/v1");
    assertThat(
            changed
                .withIdentity(RuntimeIdentity.NONE)
                .withAuditMigrate(true)
                .withModelEndpoint(null))
        .isEqualTo(tests);
  }
}
