package io.hubia.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.QuestionStorage;
import io.hubia.runtime.audit.AuditHealth;
import io.hubia.runtime.audit.AuditOptions;
import io.hubia.runtime.audit.AuditService;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class AuditReadinessCheckTest {
  private static final String DB = "jdbc:postgresql://audit:5432/hubia as hubia_audit_writer";
  private static final AuditHealth FAILING =
      new AuditHealth(
          false, null, null, 3, 3, "PSQLException [08001] Connection refused", Instant.EPOCH);

  @Test
  void upWhenTheStoreCanWrite() {
    AuditHealth ok = new AuditHealth(true, Instant.EPOCH, Instant.EPOCH, 0, 0, null, null);
    HealthCheckResponse r =
        AuditReadinessCheck.check(
            new AuditService.Status(AuditService.State.ACTIVE, DB, ok), AuditOptions.DEFAULTS);
    assertThat(r.getName()).isEqualTo("audit-store");
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(r.getData().orElseThrow())
        .containsEntry("database", DB)
        .containsEntry("state", "ACTIVE");
  }

  @Test
  void downWithTheReasonWhenItCannotWriteOrIsNotConfigured() {
    HealthCheckResponse r =
        AuditReadinessCheck.check(
            new AuditService.Status(AuditService.State.ACTIVE, DB, FAILING), AuditOptions.DEFAULTS);
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(r.getData().orElseThrow())
        .containsEntry("reason", "PSQLException [08001] Connection refused")
        .containsEntry("failures", 3L);

    HealthCheckResponse none =
        AuditReadinessCheck.check(
            new AuditService.Status(
                AuditService.State.NOT_CONFIGURED, null, AuditHealth.unknown("no audit store")),
            AuditOptions.DEFAULTS);
    assertThat(none.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(none.getData().orElseThrow()).containsEntry("state", "NOT_CONFIGURED");
  }

  @Test
  void aPolicyThatDoesNotFailClosedKeepsThePodReadyButDegraded() {
    HealthCheckResponse r =
        AuditReadinessCheck.check(
            new AuditService.Status(AuditService.State.ACTIVE, DB, FAILING),
            new AuditOptions(false, QuestionStorage.Hash, true));
    assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(r.getData().orElseThrow())
        .containsEntry("degraded", true)
        .containsEntry("failClosed", false);
  }
}
