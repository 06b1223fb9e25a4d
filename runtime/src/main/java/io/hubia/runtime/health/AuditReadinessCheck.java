package io.hubia.runtime.health;

import io.hubia.runtime.audit.AuditHealth;
import io.hubia.runtime.audit.AuditOptions;
import io.hubia.runtime.audit.AuditService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the audit store can write: configured, schema migrated (or validated), and the latest
 * append or probe succeeded. No audit record, no answer: while it cannot write, the pod takes no
 * traffic. Only a PolicySet that sets {@code audit.failClosed: false} keeps the pod ready, with the
 * problem shown in the check's data.
 */
@Readiness
@ApplicationScoped
public class AuditReadinessCheck implements HealthCheck {
  static final String NAME = "audit-store";

  private final AuditService audit;

  public AuditReadinessCheck(AuditService audit) {
    this.audit = audit;
  }

  @Override
  public HealthCheckResponse call() {
    return check(audit.status(), audit.options());
  }

  static HealthCheckResponse check(AuditService.Status status, AuditOptions options) {
    AuditHealth h = status.store();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(NAME)
            .withData("state", status.state().name())
            .withData("failures", h.failures())
            .withData("failClosed", options.failClosed());
    if (status.target() != null) {
      response.withData("database", status.target());
    }
    if (h.lastSuccess() != null) {
      response.withData("lastSuccess", h.lastSuccess().toString());
    }
    if (h.lastEvent() != null) {
      response.withData("lastEvent", h.lastEvent().toString());
    }
    if (status.canWrite()) {
      return response.up().build();
    }
    response.withData("reason", h.lastError() == null ? "cannot write" : h.lastError());
    if (h.lastErrorAt() != null) {
      response.withData("lastErrorAt", h.lastErrorAt().toString());
    }
    if (!options.failClosed()) {
      // deliberate policy choice: keep serving, without audit records
      return response.up().withData("degraded", true).build();
    }
    return response.down().build();
  }
}
