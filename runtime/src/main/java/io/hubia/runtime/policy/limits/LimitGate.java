package io.hubia.runtime.policy.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.audit.AuditOptions;
import io.hubia.runtime.audit.AuditService;
import io.hubia.runtime.audit.AuditUnavailableException;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.identity.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Applies a workflow's limits to a request: requests per minute once the caller is known, the token
 * budget before a model is called, and the tokens of each model answer afterwards.
 *
 * <p>A refusal is a 429 ({@link Refusal#toException()}), counted in {@code
 * hubia_limits_refused_total{workflow,limit}}. It is audited too, but only the first refusal of a
 * caller per limit and minute: a client retrying in a loop would otherwise turn every refused
 * request into a write to the audit database, the very load the limit is there to stop. The event
 * holds the decision {@code limits} (outcome: the limit's name) and no answer; the metric counts
 * every refusal.
 *
 * <p>When the token counts cannot be read from the audit trail, the request is refused (503, as its
 * audit event could not be written either) unless the policy sets {@code audit.failClosed: false};
 * then the budget is not checked: one log line when that starts and one when it ends, and {@code
 * hubia_limits_budget_unchecked_total{workflow}} per request.
 */
@Singleton
public class LimitGate {
  private static final Logger LOG = Logger.getLogger(LimitGate.class);

  private final AuditService audit;
  private final MeterRegistry registry;
  private final RequestLimiter requests;
  private final TokenBudgets budgets;
  private final Clock clock = Clock.systemUTC();
  private final Cache<Audited, Boolean> audited;
  private final AtomicBoolean budgetsUnread = new AtomicBoolean();

  /** A caller refused by a limit, remembered for a minute. */
  private record Audited(String namespace, String workflow, String subject, Limit limit) {}

  public LimitGate(AuditService audit, LimitSettings settings, MeterRegistry registry) {
    this.audit = audit;
    this.registry = registry;
    this.requests = new RequestLimiter(settings.maxTrackedCallers());
    this.budgets =
        new TokenBudgets(
            audit::tokensSince,
            settings.dayZone(),
            settings.budgetCache(),
            settings.maxTrackedCallers(),
            clock);
    this.audited =
        Caffeine.newBuilder()
            .maximumSize(settings.maxTrackedCallers())
            .expireAfterWrite(RequestLimiter.PERIOD)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Counts the request against the requests per minute of the caller and of the workflow.
   *
   * @throws io.hubia.runtime.api.LimitExceededException 429 when one is exceeded
   */
  public void admit(
      ConfigSnapshot served,
      AuditOptions options,
      WorkflowLimits limits,
      Caller caller,
      String traceId) {
    Optional<Refusal> refusal = requests.acquire(limits, caller.subject());
    if (refusal.isPresent()) {
      throw refuse(refusal.get(), served, options, limits, caller, traceId, null);
    }
  }

  /**
   * Checks the token budgets of the caller and of the workflow, before a model is called; nothing
   * when the policy sets none.
   *
   * @throws io.hubia.runtime.api.LimitExceededException 429 when one is spent
   * @throws AuditUnavailableException when the counts cannot be read and the policy fails closed
   */
  public void checkTokenBudget(
      ConfigSnapshot served,
      AuditOptions options,
      WorkflowLimits limits,
      Caller caller,
      String traceId,
      String question) {
    if (!limits.budgetsTokens()) {
      return;
    }
    Optional<Refusal> refusal;
    try {
      refusal = budgets.check(limits, caller.subject());
    } catch (AuditUnavailableException e) {
      if (options.failClosed()) {
        throw e;
      }
      registry.counter("hubia.limits.budget.unchecked", "workflow", limits.workflow()).increment();
      if (budgetsUnread.compareAndSet(false, true)) {
        LOG.warnf(
            "Token budgets not checked, answering anyway (audit.failClosed: false): %s",
            e.getMessage());
      }
      return;
    }
    if (budgetsUnread.compareAndSet(true, false)) {
      LOG.info("Token budgets checked again: the audit trail can be read");
    }
    if (refusal.isPresent()) {
      throw refuse(refusal.get(), served, options, limits, caller, traceId, question);
    }
  }

  /** Counts the tokens a model answer cost towards the budgets. */
  public void spent(WorkflowLimits limits, Caller caller, long tokens) {
    budgets.spent(limits, caller.subject(), tokens);
  }

  private RuntimeException refuse(
      Refusal refusal,
      ConfigSnapshot served,
      AuditOptions options,
      WorkflowLimits limits,
      Caller caller,
      String traceId,
      String question) {
    registry
        .counter(
            "hubia.limits.refused", "workflow", limits.workflow(), "limit", refusal.limit().label())
        .increment();
    Audited key =
        new Audited(limits.namespace(), limits.workflow(), caller.subject(), refusal.limit());
    if (audited.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
      auditRefusal(refusal, served, options, caller, traceId, question);
    }
    return refusal.toException();
  }

  private void auditRefusal(
      Refusal refusal,
      ConfigSnapshot served,
      AuditOptions options,
      Caller caller,
      String traceId,
      String question) {
    AuditEvent event =
        AuditEvent.builder()
            .served(served)
            .occurredAt(clock.instant())
            .subject(caller.subject())
            .claims(caller.claims())
            .question(question)
            .tokensIn(0L)
            .tokensOut(0L)
            .decisions(
                List.of(
                    new AuditEvent.Decision(
                        "limits",
                        refusal.limit().label(),
                        refusal.value()
                            + (refusal.zone() == null ? " per minute" : " tokens per day")
                            + ", retry after "
                            + refusal.retryAfterSeconds()
                            + " s; later refusals this minute counted, not audited")))
            .traceId(traceId)
            .build();
    try {
      audit.append(event, options);
    } catch (AuditUnavailableException e) {
      // the refusal stands: a 429 must not turn into a 503
      LOG.warnf("Refusal by limit %s not audited: %s", refusal.limit().label(), e.getMessage());
    }
  }
}
