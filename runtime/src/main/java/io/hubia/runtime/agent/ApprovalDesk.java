package io.hubia.runtime.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.v1alpha1.spec.ApprovalTimeoutAction;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.hubia.runtime.answer.FallbackMessages;
import io.hubia.runtime.answer.text.LanguageDetector;
import io.hubia.runtime.api.ApprovalPendingException;
import io.hubia.runtime.api.ApprovalView;
import io.hubia.runtime.api.AskResponse;
import io.hubia.runtime.api.CitationView;
import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.api.ProblemTypes;
import io.hubia.runtime.approval.ApprovalRequest;
import io.hubia.runtime.approval.ApprovalSettings;
import io.hubia.runtime.approval.Approvals;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import io.hubia.runtime.identity.Caller;
import io.hubia.runtime.identity.CallerAuthenticator;
import io.hubia.runtime.policy.redaction.RedactionTally;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Where held requests are decided and delivered: approvers list, approve and reject them; the
 * requester fetches the result; a sweep decides those past their deadline with the policy's {@code
 * onTimeout} outcome. Each of these steps is an audit event.
 *
 * <p>Once decided, a request gets its result at once: an approved answer is given as it was held;
 * an approved tool call runs the request again with that call allowed ({@link AskService#resume});
 * a rejection (or a timeout that rejects) gives the policy's fallback message with reason {@code
 * approval_rejected} ({@code approval_expired}).
 */
@Singleton
public class ApprovalDesk {
  private static final Logger LOG = Logger.getLogger(ApprovalDesk.class);

  /** Longest reason an approver may give. */
  public static final int MAX_REASON_LENGTH = 1000;

  /** Fallback reason of a rejected request. */
  public static final String REJECTED = "approval_rejected";

  /** Fallback reason of a request rejected by its deadline. */
  public static final String EXPIRED = "approval_expired";

  /** Fallback reason when an approved tool call could not be run again. */
  public static final String RESUME_FAILED = "approval_resume_failed";

  /**
   * The key in {@link ApprovalRequest#what()} of the labels of each source behind what waits: the
   * evidence the model had (a tool call), the sources cited (an answer).
   */
  public static final String SOURCE_LABELS = "sourceLabels";

  /** The actor of the decisions taken by the deadline, in the audit trail. */
  static final Caller TIMEOUT_ACTOR =
      new Caller(ApprovalRequest.TIMEOUT, null, List.of(), Map.of(), Map.of());

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final AskService ask;
  private final Approvals approvals;
  private final ConfigWatcher config;
  private final CallerAuthenticator authenticator;
  private final ApprovalSettings settings;
  private final Clock clock = Clock.systemUTC();
  private ScheduledExecutorService executor;

  public ApprovalDesk(
      AskService ask,
      Approvals approvals,
      ConfigWatcher config,
      CallerAuthenticator authenticator,
      ApprovalSettings settings) {
    this.ask = ask;
    this.approvals = approvals;
    this.config = config;
    this.authenticator = authenticator;
    this.settings = settings;
  }

  void onStart(@Observes StartupEvent event) {
    long interval = Math.max(100, settings.sweepInterval().toMillis());
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hubia-approvals");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::sweepSafely, interval, interval, TimeUnit.MILLISECONDS);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** The requests of a workflow, for an approver; {@code status} {@code null}: all. */
  public List<ApprovalView> list(
      String workflow, String authorization, ApprovalRequest.Status status) {
    CompiledWorkflow w = ask.compiled(workflow);
    Caller approver = approver(w, authorization);
    return approvals
        .list(namespace(w), w.name(), status, Math.max(1, settings.maxListed()))
        .stream()
        .map(r -> view(w, approver, r))
        .toList();
  }

  /** One request, for an approver of the workflow or the caller who asked. */
  public ApprovalView get(String workflow, UUID id, String authorization) {
    CompiledWorkflow w = ask.compiled(workflow);
    Caller caller = authenticator.authenticate(authorization, w.policy.getIdentity());
    ApprovalRequest r = find(w, id);
    boolean requester = r.subject().equals(caller.subject());
    if (!requester && !mayDecide(w, caller)) {
      throw notFound();
    }
    ApprovalRequest settled = settleIfExpired(w, r);
    return requester ? ApprovalView.of(settled) : view(w, caller, settled);
  }

  /**
   * An approver's decision.
   *
   * @param approve approve, else reject
   * @param reason why; required to reject
   */
  public ApprovalView decide(
      String workflow, UUID id, String authorization, boolean approve, String reason) {
    CompiledWorkflow w = ask.compiled(workflow);
    Caller approver = approver(w, authorization);
    String why = reason == null ? "" : reason.strip();
    if (!approve && why.isEmpty()) {
      throw invalid("A rejection needs a reason: send {\"reason\": \"...\"}.");
    }
    if (why.length() > MAX_REASON_LENGTH) {
      throw invalid(
          "The reason has " + why.length() + " characters; at most " + MAX_REASON_LENGTH + ".");
    }
    ApprovalRequest r = settleIfExpired(w, find(w, id));
    if (r.subject().equals(approver.subject())) {
      throw new ProblemException(
          ProblemTypes.FORBIDDEN,
          "Forbidden",
          403,
          "Nobody approves their own request: another approver must decide it.");
    }
    if (!mayRead(w, approver, r)) {
      throw new ProblemException(
          ProblemTypes.FORBIDDEN,
          "Forbidden",
          403,
          "This request rests on documents you may not read: an approver who may read them must"
              + " decide it.");
    }
    String redacted =
        why.isEmpty() ? null : w.redaction.redact(RedactionTarget.Audit, why, new RedactionTally());
    ApprovalRequest.Status outcome =
        approve ? ApprovalRequest.Status.APPROVED : ApprovalRequest.Status.REJECTED;
    Instant now = clock.instant();
    if (r.decided() || !approvals.decide(r, outcome, approver.subject(), redacted, now)) {
      throw new ProblemException(
          ProblemTypes.APPROVAL_DECIDED,
          "Already decided",
          409,
          "This request is already decided"
              + (r.decidedBy() == null ? "" : " (" + r.status().value() + ")")
              + ".");
    }
    LOG.infof("Approval request %s %s by %s", id, outcome.value(), approver.subject());
    String auditId =
        ask.recordAction(
            w.name(),
            approver,
            new AuditEvent.Decision(
                "approval", outcome.value(), id + (redacted == null ? "" : ": " + redacted)),
            UUID.randomUUID().toString());
    ApprovalRequest decided = reread(r.id());
    complete(w, decided, auditId);
    return view(w, approver, reread(r.id()));
  }

  /**
   * The view of {@code r} for an approver: what waits and the question are withheld when it rests
   * on documents the approver may not read.
   */
  private static ApprovalView view(CompiledWorkflow w, Caller approver, ApprovalRequest r) {
    ApprovalView view = ApprovalView.of(r);
    return mayRead(w, approver, r) ? view : view.withheld();
  }

  /** Whether {@code caller} may read every source behind what waits in {@code r}. */
  static boolean mayRead(CompiledWorkflow w, Caller caller, ApprovalRequest r) {
    Object sources = r.what().get(SOURCE_LABELS);
    if (!(sources instanceof List<?> pieces)) {
      return true;
    }
    java.util.Set<String> readable =
        w.readAccess.readableLabels(caller.roles(), caller.attributes());
    for (Object piece : pieces) {
      if (!(piece instanceof List<?> labels) || labels.stream().noneMatch(readable::contains)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The result for the caller who asked: 409 while pending, the reply once decided (the same reply
   * every time it is fetched).
   */
  public AskResponse result(String workflow, UUID id, String authorization) {
    CompiledWorkflow w = ask.compiled(workflow);
    Caller caller = authenticator.authenticate(authorization, w.policy.getIdentity());
    ApprovalRequest r = find(w, id);
    if (!r.subject().equals(caller.subject())) {
      throw notFound();
    }
    r = settleIfExpired(w, r);
    if (!r.decided()) {
      throw pending(r);
    }
    if (r.result() == null) {
      complete(w, r, null);
      r = reread(id);
    }
    ask.recordAction(
        w.name(),
        caller,
        new AuditEvent.Decision("approval-result", "delivered", id.toString()),
        UUID.randomUUID().toString());
    approvals.delivered(id, clock.instant());
    try {
      return JSON.readValue(r.result(), AskResponse.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("approval request " + id + " holds an unreadable result", e);
    }
  }

  /** Decides the expired requests of every workflow served here, then refreshes the gauges. */
  public void sweep() {
    Instant now = clock.instant();
    for (ConfigSnapshot snapshot : config.snapshots()) {
      CompiledWorkflow w = ask.compiled(snapshot.workflowName());
      for (ApprovalRequest r : approvals.expired(namespace(w), w.name(), now, 100)) {
        settleIfExpired(w, r);
      }
    }
    approvals.refreshQueues(
        config.snapshots().stream()
            .map(s -> Approvals.key(s.workflowNamespace(), s.workflowName()))
            .toList(),
        now);
  }

  private void sweepSafely() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // the next sweep tries again; the audit store's own health says why
      LOG.warnf("Approval sweep failed: %s", e.getMessage());
    }
  }

  /** {@code r}, decided by its deadline first if it has passed. */
  private ApprovalRequest settleIfExpired(CompiledWorkflow w, ApprovalRequest r) {
    Instant now = clock.instant();
    if (!r.expired(now)) {
      return r;
    }
    ApprovalRequest.Status outcome =
        r.onTimeout() == ApprovalTimeoutAction.Approve
            ? ApprovalRequest.Status.APPROVED
            : ApprovalRequest.Status.REJECTED;
    if (approvals.decide(r, outcome, ApprovalRequest.TIMEOUT, "deadline passed", now)) {
      LOG.infof("Approval request %s %s by its deadline", r.id(), outcome.value());
      String auditId =
          ask.recordAction(
              w.name(),
              TIMEOUT_ACTOR,
              new AuditEvent.Decision("approval", outcome.value(), r.id() + ": deadline passed"),
              UUID.randomUUID().toString());
      complete(w, reread(r.id()), auditId);
    }
    return reread(r.id());
  }

  /** Gives a decided request its result, once. */
  private void complete(CompiledWorkflow w, ApprovalRequest r, String decisionAuditId) {
    if (r.result() != null) {
      return;
    }
    AskResponse result;
    if (r.status() == ApprovalRequest.Status.REJECTED) {
      result = fallback(w, r, r.timedOut() ? EXPIRED : REJECTED, decisionAuditId);
    } else if (r.kind() == ApprovalRequest.Kind.ANSWER) {
      result = heldAnswer(r, decisionAuditId);
    } else {
      result = resumed(w, r, decisionAuditId);
    }
    approvals.complete(r.id(), json(result));
  }

  private AskResponse resumed(CompiledWorkflow w, ApprovalRequest r, String decisionAuditId) {
    if (r.caller() == null || r.question() == null) {
      return fallback(w, r, RESUME_FAILED, decisionAuditId);
    }
    try {
      return ask.resume(r);
    } catch (ApprovalPendingException e) {
      // cannot happen (a resumed run holds nothing), but never leave a request without result
      return fallback(w, r, RESUME_FAILED, decisionAuditId);
    } catch (RuntimeException e) {
      LOG.warnf("Approved request %s could not run again: %s", r.id(), e.getMessage());
      return fallback(w, r, RESUME_FAILED, decisionAuditId);
    }
  }

  private static AskResponse heldAnswer(ApprovalRequest r, String decisionAuditId) {
    Object confidence = r.what().get("confidence");
    List<CitationView> citations =
        JSON.convertValue(
            r.what().getOrDefault("citations", List.of()),
            JSON.getTypeFactory().constructCollectionType(List.class, CitationView.class));
    return new AskResponse(
        String.valueOf(r.what().get("answer")),
        citations,
        false,
        null,
        r.traceId(),
        decisionAuditId,
        confidence instanceof Number n ? n.doubleValue() : null);
  }

  private static AskResponse fallback(
      CompiledWorkflow w, ApprovalRequest r, String reason, String decisionAuditId) {
    var language =
        r.question() == null
            ? w.defaultLanguage
            : LanguageDetector.detect(r.question()).orElse(w.defaultLanguage);
    return new AskResponse(
        FallbackMessages.of(w.policy.getCitations(), language),
        List.of(),
        true,
        reason,
        r.traceId(),
        decisionAuditId,
        null);
  }

  private Caller approver(CompiledWorkflow w, String authorization) {
    Caller caller = authenticator.authenticate(authorization, w.policy.getIdentity());
    if (!mayDecide(w, caller)) {
      throw new ProblemException(
          ProblemTypes.FORBIDDEN,
          "Forbidden",
          403,
          "Only the approvers named by the policy (spec.approvals.approvers) may see and decide"
              + " approval requests.");
    }
    return caller;
  }

  private static boolean mayDecide(CompiledWorkflow w, Caller caller) {
    return w.approvals.mayDecide(w.readAccess.subjectsOf(caller.roles(), caller.attributes()));
  }

  private ApprovalRequest find(CompiledWorkflow w, UUID id) {
    return approvals
        .find(id)
        .filter(r -> r.workflow().equals(w.name()) && r.namespace().equals(namespace(w)))
        .orElseThrow(ApprovalDesk::notFound);
  }

  private ApprovalRequest reread(UUID id) {
    return approvals.find(id).orElseThrow(ApprovalDesk::notFound);
  }

  static ApprovalPendingException pending(ApprovalRequest r) {
    return new ApprovalPendingException(
        r.workflow(),
        r.id(),
        r.kind().value(),
        r.deadline(),
        "Not decided yet. Ask again later; without a decision by "
            + r.deadline()
            + ", the request is "
            + (r.onTimeout() == ApprovalTimeoutAction.Approve ? "approved" : "rejected")
            + ".");
  }

  private static String namespace(CompiledWorkflow w) {
    String ns = w.snapshot.workflowNamespace();
    return ns == null ? "" : ns;
  }

  private static ProblemException notFound() {
    return new ProblemException(
        ProblemTypes.APPROVAL_NOT_FOUND,
        "No such approval request",
        404,
        "There is no approval request of this id for this workflow that you may see.");
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemTypes.INVALID_REQUEST, "Invalid request", 400, detail);
  }

  private static String json(AskResponse response) {
    try {
      return JSON.writeValueAsString(response);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("reply not serialisable", e);
    }
  }
}
