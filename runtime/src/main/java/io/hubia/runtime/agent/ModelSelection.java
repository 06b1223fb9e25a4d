package io.hubia.runtime.agent;

import io.hubia.api.v1alpha1.spec.ModelViolationAction;
import io.hubia.api.v1alpha1.spec.Sensitivity;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.answer.Turn;
import io.hubia.runtime.answer.model.AnswererChain;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.runtime.policy.ModelRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Which models of a workflow's chain may receive one request's context (policy model rules), and
 * the chain restricted to them. Names models and a sensitivity, never content.
 *
 * @param chain the chain to answer with: the allowed models, then the extractive answerer
 * @param sensitivity the context's sensitivity: that of its most sensitive evidence chunk or source
 *     of an earlier answer of the conversation
 * @param allowed the names of the models that may receive it, in chain order
 * @param refused the names of those that may not
 * @param rejected no model may receive it and the policy says {@code Reject}: no answer is given
 */
record ModelSelection(
    AnswererChain chain,
    Sensitivity sensitivity,
    List<String> allowed,
    List<String> refused,
    boolean rejected) {

  /** Audit step of the decision. */
  static final String STEP = "model-rules";

  /** Fallback reason when no model may receive the context and the policy rejects. */
  static final String REJECTED_REASON = "model_not_allowed";

  ModelSelection {
    allowed = List.copyOf(allowed);
    refused = List.copyOf(refused);
  }

  /** The selection for {@code evidence}, the context the chain's models would be sent. */
  static ModelSelection of(ModelRules rules, AnswererChain chain, List<Evidence> evidence) {
    return of(rules, chain, evidence, List.of());
  }

  /**
   * The selection for {@code evidence} and the conversation's earlier turns, which the models are
   * sent too: an earlier answer carries what its sources said.
   */
  static ModelSelection of(
      ModelRules rules, AnswererChain chain, List<Evidence> evidence, List<Turn> history) {
    List<java.util.Collection<String>> pieces = new ArrayList<>();
    evidence.forEach(e -> pieces.add(e.chunk().labels()));
    history.forEach(t -> pieces.addAll(t.sourceLabels()));
    Sensitivity sensitivity = rules.sensitivityOfContext(pieces);
    List<String> allowed = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    AnswererChain restricted =
        chain.restrictedTo(
            m -> {
              boolean ok = rules.allows(m.answerer().hosting(), sensitivity);
              (ok ? allowed : refused).add(m.answerer().name());
              return ok;
            });
    boolean rejected =
        allowed.isEmpty()
            && !refused.isEmpty()
            && rules.onViolation() == ModelViolationAction.Reject;
    return new ModelSelection(restricted, sensitivity, allowed, refused, rejected);
  }

  /**
   * The audit decision: {@code allowed} (every model may receive the context), {@code restricted}
   * (some may not), {@code extractive} (none may: the extractive answerer answers), {@code
   * rejected} (none may, and the policy rejects).
   */
  AuditEvent.Decision decision() {
    String outcome;
    if (refused.isEmpty()) {
      outcome = "allowed";
    } else if (rejected) {
      outcome = "rejected";
    } else if (allowed.isEmpty()) {
      outcome = "extractive";
    } else {
      outcome = "restricted";
    }
    StringBuilder detail = new StringBuilder("sensitivity ").append(sensitivity.name());
    detail.append("; allowed: ").append(allowed.isEmpty() ? "none" : String.join(", ", allowed));
    if (!refused.isEmpty()) {
      detail.append("; refused: ").append(String.join(", ", refused));
    }
    return new AuditEvent.Decision(STEP, outcome, detail.toString());
  }
}
