package io.hubia.runtime.policy.redaction;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.RedactionSpec;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.hubia.runtime.audit.AuditEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A PolicySet's {@code redaction} section compiled for one workflow: the redactor and where it
 * applies. Immutable; compiled once per configuration snapshot.
 *
 * <ul>
 *   <li>{@code Question}: the question is redacted as soon as it is read, so that the rewriter, the
 *       router, retrieval (OpenSearch and its query logs), the model, the conversation history and
 *       the audit event all get the redacted text. Turns of a conversation that the caller sends
 *       (OpenAI-compatible endpoint) are redacted too.
 *   <li>{@code Answer}: the reply's text, its citations' titles and snippets, before it leaves.
 *   <li>{@code Audit}: every text of the audit event (question, answer, claim values, decision
 *       details such as tool-call arguments) before the store keeps and hashes it: a question
 *       stored as a hash is the hash of the redacted question, so no personal data can be recovered
 *       from it by trying candidate values.
 *   <li>{@code Logs}: every log record ({@link LogRedactionFilter}).
 * </ul>
 *
 * <p>Without a {@code redaction} section, or with empty lists, the defaults apply: every kind, in
 * logs and audit.
 */
public final class RedactionPolicy {
  /** Where redaction applies when the policy does not say. */
  public static final Set<RedactionTarget> DEFAULT_TARGETS =
      Collections.unmodifiableSet(EnumSet.of(RedactionTarget.Logs, RedactionTarget.Audit));

  private final String workflow;
  private final Set<RedactionTarget> targets;
  private final PersonalDataRedactor redactor;
  private final RedactionMetrics metrics;

  /**
   * @param workflow the workflow it serves, for the metric
   * @param targets where it applies; empty means {@link #DEFAULT_TARGETS}
   * @param redactor what it redacts, and how
   * @param metrics where redactions are counted
   */
  public RedactionPolicy(
      String workflow,
      Collection<RedactionTarget> targets,
      PersonalDataRedactor redactor,
      RedactionMetrics metrics) {
    this.workflow = workflow == null ? "" : workflow;
    this.targets =
        Collections.unmodifiableSet(
            targets == null || targets.isEmpty()
                ? EnumSet.copyOf(DEFAULT_TARGETS)
                : EnumSet.copyOf(targets));
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The policy of a PolicySet's {@code redaction} section ({@code null}: the defaults). */
  public static RedactionPolicy compile(
      String workflow, RedactionSpec spec, RedactionMetrics metrics) {
    return new RedactionPolicy(
        workflow, spec == null ? null : spec.getTargets(), PersonalDataRedactor.of(spec), metrics);
  }

  public String workflow() {
    return workflow;
  }

  public Set<RedactionTarget> targets() {
    return targets;
  }

  public PersonalDataRedactor redactor() {
    return redactor;
  }

  RedactionMetrics metrics() {
    return metrics;
  }

  /** Whether the policy redacts {@code target}. */
  public boolean applies(RedactionTarget target) {
    return targets.contains(target);
  }

  /**
   * {@code text} redacted when the policy redacts {@code target} (as it is otherwise), what was
   * found added to {@code tally} and counted in the metric.
   */
  public String redact(RedactionTarget target, String text, RedactionTally tally) {
    if (text == null || !applies(target)) {
      return text;
    }
    Redacted redacted = redactor.redact(text);
    if (redacted.found()) {
      tally.add(target, redacted.counts());
      metrics.count(workflow, target, redacted.counts());
    }
    return redacted.text();
  }

  /**
   * The event to store: with the {@code Audit} target, its question, answer, claim values and
   * decision details redacted; in every case, with the request's redaction decisions (the counts
   * per target and kind in {@code tally}, the audit's own included) appended.
   */
  public AuditEvent audit(AuditEvent event, RedactionTally tally) {
    AuditEvent.Builder builder = event.toBuilder();
    List<AuditEvent.Decision> decisions = new ArrayList<>();
    if (applies(RedactionTarget.Audit)) {
      Map<PersonalDataType, Integer> found = new EnumMap<>(PersonalDataType.class);
      builder
          .question(redactInto(event.question(), found))
          .answer(redactInto(event.answer(), found))
          .claims(redactClaims(event.claims(), found));
      for (AuditEvent.Decision d : event.decisions()) {
        decisions.add(
            new AuditEvent.Decision(d.step(), d.outcome(), redactInto(d.detail(), found)));
      }
      tally.add(RedactionTarget.Audit, found);
      metrics.count(workflow, RedactionTarget.Audit, found);
    } else {
      decisions.addAll(event.decisions());
    }
    decisions.addAll(tally.decisions());
    return builder.decisions(decisions).build();
  }

  private String redactInto(String text, Map<PersonalDataType, Integer> found) {
    if (text == null) {
      return null;
    }
    Redacted redacted = redactor.redact(text);
    redacted.counts().forEach((type, n) -> found.merge(type, n, Integer::sum));
    return redacted.text();
  }

  /** Claim values, in nested maps and lists too; names are kept. */
  private Map<String, Object> redactClaims(
      Map<String, Object> claims, Map<PersonalDataType, Integer> found) {
    Map<String, Object> out = new LinkedHashMap<>();
    claims.forEach((name, value) -> out.put(name, redactValue(value, found)));
    return out;
  }

  private Object redactValue(Object value, Map<PersonalDataType, Integer> found) {
    if (value instanceof String s) {
      return redactInto(s, found);
    }
    if (value instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(redactValue(item, found)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, redactValue(v, found)));
      return out;
    }
    return value;
  }

  @Override
  public String toString() {
    return "RedactionPolicy[" + workflow + " " + targets + " " + redactor + "]";
  }
}
