package io.hubia.runtime.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The audit store's connection settings; see application.properties. */
@ConfigMapping(prefix = "hubia.audit")
public interface AuditSettings {

  /**
   * JDBC URL of the audit database (env {@code HUBIA_AUDIT_JDBC_URL}); when set it wins over {@code
   * audit.jdbcUrl} of the runtime configuration (local mode, tests).
   */
  Optional<String> jdbcUrl();

  /**
   * Database user (env {@code HUBIA_AUDIT_USERNAME}) when the runtime configuration names no {@code
   * audit.usernameEnv}.
   */
  Optional<String> username();

  /**
   * Password (env {@code HUBIA_AUDIT_PASSWORD}) when the runtime configuration names no {@code
   * audit.passwordEnv}.
   */
  Optional<String> password();

  /** Connect, login and pool acquisition timeout. */
  @WithDefault("3s")
  Duration connectTimeout();

  /** Statement timeout (PostgreSQL {@code statement_timeout}). */
  @WithDefault("5s")
  Duration statementTimeout();

  /** Connections kept at most. */
  @WithDefault("8")
  int poolSize();

  /**
   * How often the store is checked (and its migration retried while it fails): the readiness of the
   * audit store is at most this old.
   */
  @WithDefault("5s")
  Duration checkInterval();

  /**
   * Run the Flyway migrations (the runtime connects as the schema owner, as in local mode); with
   * false it only checks that the schema is at its version (the insert-only role of production, see
   * db/audit-roles.sql).
   */
  @WithDefault("true")
  boolean migrate();

  /**
   * How often the runtime verifies the chain of each workflow it serves ({@link
   * AuditVerifications}); {@code 0s} turns the periodic verification off ({@code POST
   * /v1/audit/verify} still runs one).
   */
  @WithDefault("1h")
  Duration verifyInterval();

  /**
   * The role (read from the PolicySet's roles claim) that a caller of {@code POST /v1/audit/verify}
   * must have.
   */
  @WithDefault("auditor")
  String auditorRole();
}
