package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The redaction of log records, process-wide: logging is global, the policies are per workflow.
 *
 * <p>Each workflow registers its compiled policy ({@link #register}). A record logged while serving
 * a request carries the workflow's name in its MDC ({@value #MDC_WORKFLOW}, set by the runtime for
 * the request's duration) and is redacted with that workflow's policy, or not at all if its targets
 * do not include {@code Logs}. A record logged outside a request (startup, background tasks), or
 * for a workflow not compiled yet (the name comes from the request's path), is redacted with every
 * kind that any registered policy redacts in logs, with their replacement if they agree (else
 * {@link PersonalDataRedactor#DEFAULT_REPLACEMENT}), and counted with an empty {@code workflow}.
 *
 * <p>The message is formatted, redacted and put back without parameters; the messages of the
 * record's exception and its causes are redacted too (the stack frames are kept). Should redaction
 * itself fail, the message is withheld rather than logged as it was.
 */
public final class LogRedaction {
  /** The MDC key holding the workflow a request is served for. */
  public static final String MDC_WORKFLOW = "workflow";

  /** Most causes of an exception that are rewritten. */
  static final int MAX_CAUSES = 20;

  private static final Map<String, RedactionPolicy> POLICIES = new ConcurrentHashMap<>();
  private static volatile RedactionPolicy outsideRequests;

  /**
   * Set while this thread redacts a record: a record logged meanwhile (by the metrics registry, by
   * libphonenumber loading its metadata) is left alone rather than redacted recursively.
   */
  private static final ThreadLocal<Boolean> REDACTING = ThreadLocal.withInitial(() -> false);

  private LogRedaction() {}

  /**
   * Makes {@code policy} the one of its workflow's log records (replacing the previous
   * compilation); one whose targets do not include {@code Logs} leaves its records as they are.
   */
  public static synchronized void register(RedactionPolicy policy) {
    POLICIES.put(policy.workflow(), policy);
    outsideRequests =
        union(POLICIES.values().stream().filter(p -> p.applies(RedactionTarget.Logs)).toList());
  }

  /** Forgets every policy (tests). */
  static synchronized void clear() {
    POLICIES.clear();
    outsideRequests = null;
  }

  /**
   * The policy that applies to a record of {@code workflow} ({@code null}: outside requests), or
   * {@code null} when none redacts it.
   */
  static RedactionPolicy policyFor(String workflow) {
    RedactionPolicy own = workflow == null ? null : POLICIES.get(workflow);
    if (own == null) {
      return outsideRequests;
    }
    return own.applies(RedactionTarget.Logs) ? own : null;
  }

  /** {@code message} as a record of {@code workflow} would be logged. */
  public static String redact(String workflow, String message) {
    RedactionPolicy policy = policyFor(workflow);
    if (policy == null || message == null) {
      return message;
    }
    return policy.redact(RedactionTarget.Logs, message, new RedactionTally());
  }

  /** Redacts {@code record} in place, as its workflow's policy says. Never throws. */
  public static void redact(LogRecord record) {
    if (POLICIES.isEmpty()) {
      return;
    }
    ExtLogRecord ext = record instanceof ExtLogRecord e ? e : null;
    RedactionPolicy policy =
        policyFor(
            ext == null ? org.jboss.logmanager.MDC.get(MDC_WORKFLOW) : ext.getMdc(MDC_WORKFLOW));
    if (policy == null || REDACTING.get()) {
      return;
    }
    REDACTING.set(true);
    try {
      String message = ext != null ? ext.getFormattedMessage() : formatted(record);
      String redacted = policy.redact(RedactionTarget.Logs, message, new RedactionTally());
      if (redacted != null && !redacted.equals(message)) {
        setMessage(record, redacted);
      }
      Throwable thrown = record.getThrown();
      if (thrown != null) {
        record.setThrown(redact(thrown, policy, new IdentityHashMap<>()));
      }
    } catch (RuntimeException e) {
      setMessage(
          record, "log message withheld: its redaction failed (" + e.getClass().getName() + ")");
      record.setThrown(null);
    } finally {
      REDACTING.set(false);
    }
  }

  private static String formatted(LogRecord record) {
    return new SimpleFormatter().formatMessage(record);
  }

  private static void setMessage(LogRecord record, String message) {
    if (record instanceof ExtLogRecord ext) {
      ext.setMessage(message, ExtLogRecord.FormatStyle.NO_FORMAT);
    } else {
      record.setMessage(message);
    }
    record.setParameters(null);
  }

  /**
   * {@code thrown} itself when no message of it or its causes holds personal data; else a copy
   * whose messages are redacted, with the same class name (in {@code toString()}) and stack.
   */
  static Throwable redact(
      Throwable thrown, RedactionPolicy policy, Map<Throwable, Throwable> done) {
    if (thrown == null || done.size() >= MAX_CAUSES) {
      return thrown;
    }
    if (done.containsKey(thrown)) {
      return done.get(thrown);
    }
    done.put(thrown, thrown);
    String message = thrown.getMessage();
    String redacted = policy.redact(RedactionTarget.Logs, message, new RedactionTally());
    Throwable cause = thrown.getCause() == thrown ? null : redact(thrown.getCause(), policy, done);
    if ((message == null || message.equals(redacted)) && cause == thrown.getCause()) {
      return thrown;
    }
    RedactedThrowable copy = new RedactedThrowable(thrown.getClass().getName(), redacted, cause);
    copy.setStackTrace(thrown.getStackTrace());
    done.put(thrown, copy);
    return copy;
  }

  private static RedactionPolicy union(Iterable<RedactionPolicy> policies) {
    Set<PersonalDataType> types = EnumSet.noneOf(PersonalDataType.class);
    List<String> replacements = new ArrayList<>();
    RedactionMetrics metrics = null;
    for (RedactionPolicy p : policies) {
      types.addAll(p.redactor().types());
      replacements.add(p.redactor().replacement());
      metrics = p.metrics();
    }
    if (metrics == null) {
      return null;
    }
    boolean agree = replacements.stream().distinct().count() == 1;
    return new RedactionPolicy(
        "",
        EnumSet.of(RedactionTarget.Logs),
        new PersonalDataRedactor(types, agree ? replacements.get(0) : null),
        metrics);
  }

  /** A logged exception whose message was redacted: prints as the original class. */
  static final class RedactedThrowable extends Throwable {
    private static final long serialVersionUID = 1L;
    private final String className;

    RedactedThrowable(String className, String message, Throwable cause) {
      super(message, cause, false, true);
      this.className = className;
    }

    /** The class of the exception it stands for. */
    String className() {
      return className;
    }

    @Override
    public String toString() {
      String message = getLocalizedMessage();
      return message == null ? className : className + ": " + message;
    }
  }

  /** The registered workflows whose logs are redacted (tests). */
  static Set<String> workflows() {
    return POLICIES.values().stream()
        .filter(p -> p.applies(RedactionTarget.Logs))
        .map(RedactionPolicy::workflow)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
