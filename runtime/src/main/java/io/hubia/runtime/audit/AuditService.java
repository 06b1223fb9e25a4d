package io.hubia.runtime.audit;

import io.agroal.api.AgroalDataSource;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The runtime's audit trail: the {@link AuditStore} of the database the configuration names, kept
 * usable in the background.
 *
 * <p>Every {@code hubia.audit.check-interval} a maintenance task resolves where the database is
 * (property {@code hubia.audit.jdbc-url}, else {@code audit.jdbcUrl} of the runtime configuration;
 * credentials from the environment variables the configuration names, else {@code
 * hubia.audit.username}/{@code password}), replaces the pool when that changed, runs the Flyway
 * migrations until they succeed (or validates the schema, with {@code hubia.audit.migrate=false}),
 * then probes the store. Nothing of this runs at boot in the request path: with PostgreSQL down the
 * runtime starts, stays live, reports {@code audit-store} down and refuses appends with {@link
 * AuditUnavailableException} (503), and recovers by itself.
 */
@Singleton
public class AuditService {
  private static final Logger LOG = Logger.getLogger(AuditService.class);

  /** What the service is doing, for readiness. */
  public enum State {
    /** No JDBC URL: neither the property nor the runtime configuration gives one. */
    NOT_CONFIGURED,
    /** Connected to a database whose schema is not migrated or validated yet. */
    SCHEMA_PENDING,
    /** Schema ready: the store's own health tells whether it can write. */
    ACTIVE
  }

  /**
   * The service's health.
   *
   * @param state where it is
   * @param target the database, without credentials; {@code null} when not configured
   * @param store the store's health (failures of the schema step included)
   */
  public record Status(State state, String target, AuditHealth store) {
    /** Whether an append would be attempted now and the latest attempt or probe succeeded. */
    public boolean canWrite() {
      return state == State.ACTIVE && store.up();
    }
  }

  private final AuditSettings settings;
  private final ConfigWatcher config;
  private final AuditMetrics metrics;
  private final Clock clock = Clock.systemUTC();
  private final Config mpConfig = ConfigProvider.getConfig();

  private volatile Active active;
  private volatile String lastSchemaError;
  private volatile String configError;
  private ScheduledExecutorService executor;

  /** A pool and its store, for one target. */
  private static final class Active {
    final AuditConnection target;
    final AgroalDataSource dataSource;
    final AuditStore store;
    volatile boolean schemaReady;

    Active(AuditConnection target, AgroalDataSource dataSource, AuditStore store) {
      this.target = target;
      this.dataSource = dataSource;
      this.store = store;
    }
  }

  public AuditService(AuditSettings settings, ConfigWatcher config, MeterRegistry registry) {
    this.settings = settings;
    this.config = config;
    this.metrics = new AuditMetrics(registry);
  }

  void onStart(@Observes StartupEvent event) {
    long interval = Math.max(50, settings.checkInterval().toMillis());
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hubia-audit");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::maintainSafely, 0, interval, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
    }
    Active a = active;
    active = null;
    if (a != null) {
      a.dataSource.close();
    }
  }

  /**
   * Appends {@code event} with the options of the current PolicySet.
   *
   * @return the audit id
   * @throws AuditUnavailableException if it could not be written
   */
  public String append(AuditEvent event) {
    return append(event, options());
  }

  /**
   * Appends {@code event} with {@code options} (those of the snapshot that served the request).
   *
   * @return the audit id
   * @throws AuditUnavailableException if it could not be written
   */
  public String append(AuditEvent event, AuditOptions options) {
    Active a = active;
    if (a == null) {
      metrics.failed();
      throw new AuditUnavailableException("no audit store is configured");
    }
    if (!a.schemaReady) {
      metrics.failed();
      throw new AuditUnavailableException("the audit store is not ready (schema not checked yet)");
    }
    return a.store.append(event, options);
  }

  /**
   * The model tokens a workflow's events spent since {@code since}, of one subject or of all
   * ({@code subject} {@code null}); see {@link AuditStore#tokensSince}.
   *
   * @throws AuditUnavailableException if no store is ready or it cannot be read
   */
  public long tokensSince(String namespace, String workflow, String subject, Instant since) {
    Active a = active;
    if (a == null || !a.schemaReady) {
      throw new AuditUnavailableException("the audit store is not ready");
    }
    return a.store.tokensSince(namespace, workflow, subject, since);
  }

  /** The audit options of the current PolicySet (defaults when none is loaded). */
  public AuditOptions options() {
    return config
        .current()
        .map(s -> s.config().getPolicy().getSpec())
        .map(spec -> AuditOptions.from(spec.getAudit()))
        .orElse(AuditOptions.DEFAULTS);
  }

  /** Where the service is and whether its store can write. */
  public Status status() {
    Active a = active;
    if (a == null) {
      return new Status(
          State.NOT_CONFIGURED,
          null,
          AuditHealth.unknown(
              configError != null
                  ? configError
                  : "no audit store configured: set audit.jdbcUrl in the runtime configuration"
                      + " or hubia.audit.jdbc-url"));
    }
    AuditHealth h = a.store.health();
    if (!a.schemaReady) {
      String error = lastSchemaError;
      return new Status(
          State.SCHEMA_PENDING,
          a.target.describe(),
          new AuditHealth(
              false,
              h.lastSuccess(),
              h.lastEvent(),
              h.failures(),
              h.consecutiveFailures(),
              error == null ? "audit schema not checked yet" : error,
              h.lastErrorAt()));
    }
    return new Status(State.ACTIVE, a.target.describe(), h);
  }

  /** The metrics of the appends (events written and refused by this process). */
  AuditMetrics metrics() {
    return metrics;
  }

  /**
   * The pool of the store whose schema is ready, for reads (verification) and for the approval
   * requests kept in the same database: empty while the store is not configured or its schema not
   * migrated or validated.
   */
  public Optional<DataSource> readyDataSource() {
    Active a = active;
    return a != null && a.schemaReady ? Optional.of(a.dataSource) : Optional.empty();
  }

  /** Runs one maintenance step now (tests; the scheduler runs it every check interval). */
  public synchronized void maintain() {
    Optional<AuditConnection> target;
    try {
      target = resolveTarget();
      configError = null;
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().equals(configError)) {
        LOG.errorf("Audit store settings rejected: %s", e.getMessage());
      }
      configError = e.getMessage();
      target = Optional.empty();
    }
    Active a = active;
    if (target.isEmpty()) {
      if (a != null) {
        LOG.warn("No audit store configured any more: closing the audit store");
        active = null;
        a.dataSource.close();
      }
      return;
    }
    if (a == null || !a.target.equals(target.get())) {
      a = replace(a, target.get());
      if (a == null) {
        return;
      }
    }
    if (!a.schemaReady) {
      prepareSchema(a);
    } else {
      a.store.probe();
    }
  }

  private void maintainSafely() {
    try {
      maintain();
    } catch (RuntimeException | Error e) {
      // keep maintaining: a failed step must not stop later ones
      LOG.error("Audit store maintenance failed", e);
    }
  }

  private Active replace(Active old, AuditConnection target) {
    AgroalDataSource dataSource;
    try {
      dataSource = AuditDataSources.create(target);
    } catch (java.sql.SQLException | RuntimeException e) {
      LOG.errorf("Cannot create the audit connection pool for %s: %s", target.describe(), e);
      return old;
    }
    Active next =
        new Active(target, dataSource, new AuditStore(dataSource, metrics, clock, this::options));
    active = next;
    lastSchemaError = null;
    if (old != null) {
      LOG.infof("Audit store moved from %s to %s", old.target.describe(), target.describe());
      old.dataSource.close();
    } else {
      LOG.infof("Audit store: %s", target.describe());
    }
    return next;
  }

  private void prepareSchema(Active a) {
    try {
      if (settings.migrate()) {
        var result = AuditSchema.migrate(a.dataSource);
        LOG.infof(
            "Audit schema ready at version %s (%d migration(s) applied) on %s",
            result.targetSchemaVersion == null
                ? result.initialSchemaVersion
                : result.targetSchemaVersion,
            result.migrationsExecuted,
            a.target.describe());
      } else {
        AuditSchema.validate(a.dataSource);
        LOG.infof("Audit schema validated on %s", a.target.describe());
      }
      a.schemaReady = true;
      lastSchemaError = null;
      a.store.probe();
    } catch (RuntimeException e) {
      String message = AuditStore.describe(e);
      if (!message.equals(lastSchemaError)) {
        LOG.errorf(
            "Audit schema not ready on %s, retrying every %s: %s",
            a.target.describe(), settings.checkInterval(), message);
      }
      lastSchemaError = message;
    }
  }

  /** Where the audit database is, from the properties and the current runtime configuration. */
  Optional<AuditConnection> resolveTarget() {
    RuntimeConfig.AuditStore fromFile =
        config.current().map(ConfigSnapshot::config).map(RuntimeConfig::getAudit).orElse(null);
    String url =
        settings
            .jdbcUrl()
            .filter(s -> !s.isBlank())
            .orElse(fromFile == null ? null : blankToNull(fromFile.getJdbcUrl()));
    if (url == null) {
      return Optional.empty();
    }
    String username =
        fromEnv(fromFile == null ? null : fromFile.getUsernameEnv())
            .or(settings::username)
            .orElse(null);
    String password =
        fromEnv(fromFile == null ? null : fromFile.getPasswordEnv())
            .or(settings::password)
            .orElse(null);
    return Optional.of(
        new AuditConnection(
            url,
            blankToNull(username),
            blankToNull(password),
            settings.connectTimeout(),
            settings.statementTimeout(),
            settings.poolSize()));
  }

  /** The value of the variable the configuration names (env, or a property of that name). */
  private Optional<String> fromEnv(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return mpConfig.getOptionalValue(name, String.class);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    Active a = active;
    return "AuditService[" + (a == null ? "not configured" : Objects.toString(a.target)) + "]";
  }
}
