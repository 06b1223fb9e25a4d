package io.hubia.runtime.policy.injection;

import io.hubia.runtime.audit.AuditEvent;

/**
 * One layer of the injection defence acting on a request.
 *
 * @param layer the layer
 * @param outcome what it did ({@code refused}, {@code fallback}, {@code included}, {@code cut},
 *     {@code blocked}, {@code removed})
 * @param detail scores, rule names, chunk ids or counts: never the question's or answer's text
 */
public record Detection(InjectionLayer layer, String outcome, String detail) {
  /** The audit decision {@code injection:<layer>}. */
  public AuditEvent.Decision decision() {
    return new AuditEvent.Decision(layer.auditStep(), outcome, detail);
  }
}
