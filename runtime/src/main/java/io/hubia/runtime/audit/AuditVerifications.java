package io.hubia.runtime.audit;

import io.hubia.api.audit.AuditHealthReport;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Verifies the chains of the workflows this runtime serves, every {@code
 * hubia.audit.verify-interval} and on request ({@code POST /v1/audit/verify}), keeps the latest
 * result of each chain, and builds the audit health report ({@code GET /v1/audit/health}) that the
 * operator reads into the AgentWorkflow's status.
 *
 * <p>One verification runs at a time in a runtime: a verification reads the whole chain, and a
 * second one started meanwhile would only double the load on the database ({@link #verify} then
 * answers empty). The latest results live in memory: a restarted runtime has none until its first
 * periodic verification, which runs {@value #FIRST_RUN_SECONDS} s after start at most.
 *
 * <p>Metrics: {@code hubia_audit_verifications_total{result}} ({@code intact}, {@code broken},
 * {@code failed}), and per chain {@code hubia_audit_chain_intact{namespace,workflow}} (1 intact, 0
 * broken, from the latest verification that ran) and {@code
 * hubia_audit_last_verification_timestamp_seconds{namespace,workflow}}.
 */
@Singleton
public class AuditVerifications {
  private static final Logger LOG = Logger.getLogger(AuditVerifications.class);

  /** The first periodic verification runs at most this long after start. */
  static final long FIRST_RUN_SECONDS = 30;

  private final AuditService audit;
  private final ConfigWatcher config;
  private final AuditSettings settings;
  private final MeterRegistry registry;
  private final Clock clock = Clock.systemUTC();
  private final Semaphore running = new Semaphore(1);
  private final Map<String, ChainState> chains = new ConcurrentHashMap<>();
  private final Map<String, Counter> results = new ConcurrentHashMap<>();
  private ScheduledExecutorService executor;

  public AuditVerifications(
      AuditService audit, ConfigWatcher config, AuditSettings settings, MeterRegistry registry) {
    this.audit = audit;
    this.config = config;
    this.settings = settings;
    this.registry = registry;
  }

  void onStart(@Observes StartupEvent event) {
    long interval = settings.verifyInterval().toMillis();
    if (interval <= 0) {
      LOG.info("Periodic audit chain verification is off (hubia.audit.verify-interval=0)");
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hubia-audit-verify");
              t.setDaemon(true);
              return t;
            });
    long first = Math.min(interval, TimeUnit.SECONDS.toMillis(FIRST_RUN_SECONDS));
    executor.scheduleWithFixedDelay(
        this::verifyServedSafely, first, interval, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /**
   * Verifies the chain now and keeps the result.
   *
   * @return the report, or empty when another verification is running
   * @throws AuditUnavailableException when no audit store is ready (not configured, schema not
   *     migrated or validated)
   */
  public Optional<VerificationReport> verify(String namespace, String workflow) {
    DataSource dataSource =
        audit
            .readyDataSource()
            .orElseThrow(() -> new AuditUnavailableException("no audit store is ready to verify"));
    if (!running.tryAcquire()) {
      return Optional.empty();
    }
    try {
      VerificationReport report = new AuditVerifier(dataSource, clock).verify(namespace, workflow);
      record(report);
      return Optional.of(report);
    } finally {
      running.release();
    }
  }

  /** Verifies every chain served now (the periodic task). */
  void verifyServed() {
    if (audit.readyDataSource().isEmpty()) {
      LOG.debug("No audit store ready: periodic verification skipped");
      return;
    }
    for (ConfigSnapshot snapshot : config.snapshots()) {
      String namespace = snapshot.workflowNamespace() == null ? "" : snapshot.workflowNamespace();
      verify(namespace, snapshot.workflowName())
          .ifPresentOrElse(
              r -> {},
              () ->
                  LOG.debugf(
                      "Verification of %s skipped: one is running", snapshot.workflowName()));
    }
  }

  private void verifyServedSafely() {
    try {
      verifyServed();
    } catch (AuditUnavailableException e) {
      LOG.debugf("Periodic verification skipped: %s", e.getMessage());
    } catch (RuntimeException | Error e) {
      // keep verifying: a failed run must not stop later ones
      LOG.error("Periodic audit chain verification failed", e);
    }
  }

  /** The latest verification of a chain, and the latest one that ran to the end. */
  private static final class ChainState {
    volatile VerificationReport latest;
    volatile VerificationReport completed;
  }

  private void record(VerificationReport report) {
    String key = key(report.namespace(), report.workflow());
    ChainState state =
        chains.computeIfAbsent(
            key,
            k -> {
              ChainState created = new ChainState();
              Gauge.builder("hubia.audit.chain.intact", created, AuditVerifications::intactGauge)
                  .tags("namespace", report.namespace(), "workflow", report.workflow())
                  .strongReference(true)
                  .description(
                      "1 when the latest verification that ran found the chain intact, 0 when"
                          + " broken")
                  .register(registry);
              Gauge.builder(
                      "hubia.audit.last.verification.timestamp.seconds",
                      created,
                      AuditVerifications::timeGauge)
                  .tags("namespace", report.namespace(), "workflow", report.workflow())
                  .strongReference(true)
                  .description("Unix time of the latest verification of the chain that ran")
                  .register(registry);
              return created;
            });
    VerificationReport before = state.completed;
    state.latest = report;
    if (!report.failed()) {
      state.completed = report;
    }
    String result = report.failed() ? "failed" : report.intact() ? "intact" : "broken";
    results
        .computeIfAbsent(
            result,
            r ->
                Counter.builder("hubia.audit.verifications")
                    .tag("result", r)
                    .description("Audit chain verifications, by result")
                    .register(registry))
        .increment();
    if (report.failed()) {
      LOG.warnf("Audit chain %s could not be verified: %s", key, report.error());
    } else if (!report.intact()) {
      LOG.errorf("Audit chain %s is BROKEN: %s", key, report.describe());
    } else if (before != null && !before.intact()) {
      LOG.infof("Audit chain %s verifies intact again (%d events)", key, report.eventsChecked());
    } else {
      LOG.debugf(
          "Audit chain %s intact: %d events in %d ms",
          key, report.eventsChecked(), report.duration().toMillis());
    }
  }

  /** The latest result of every chain verified, by namespace and workflow. */
  public List<VerificationReport> latest() {
    return chains.values().stream()
        .map(c -> c.latest)
        .filter(r -> r != null)
        .sorted(
            Comparator.comparing(VerificationReport::namespace)
                .thenComparing(VerificationReport::workflow))
        .toList();
  }

  /** The audit trail's health: the store, the appends and the latest verifications. */
  public AuditHealthReport report() {
    AuditService.Status status = audit.status();
    AuditHealth h = status.store();
    AuditHealthReport report = new AuditHealthReport();
    report.setState(
        switch (status.state()) {
          case NOT_CONFIGURED -> AuditHealthReport.NOT_CONFIGURED;
          case SCHEMA_PENDING -> AuditHealthReport.SCHEMA_PENDING;
          case ACTIVE -> AuditHealthReport.ACTIVE;
        });
    report.setCanWrite(status.canWrite());
    report.setFailClosed(audit.options().failClosed());
    report.setEventsWritten(audit.metrics().eventsWritten());
    report.setFailures(audit.metrics().failures());
    report.setConsecutiveFailures(h.consecutiveFailures());
    report.setLastEventTime(time(h.lastEvent()));
    report.setLastSuccessTime(time(h.lastSuccess()));
    if (!status.canWrite()) {
      report.setLastError(h.lastError());
      report.setLastErrorTime(time(h.lastErrorAt()));
    }
    report.setVerifications(latest().stream().map(VerificationReport::toReport).toList());
    return report;
  }

  private static String time(Instant at) {
    return at == null ? null : at.toString();
  }

  private static String key(String namespace, String workflow) {
    return (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + workflow;
  }

  private static double intactGauge(ChainState state) {
    VerificationReport r = state.completed;
    return r == null ? Double.NaN : r.intact() ? 1 : 0;
  }

  private static double timeGauge(ChainState state) {
    VerificationReport r = state.completed;
    return r == null ? Double.NaN : r.finishedAt().toEpochMilli() / 1000.0;
  }
}
