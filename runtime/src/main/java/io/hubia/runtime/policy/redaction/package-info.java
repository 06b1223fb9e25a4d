/**
 * Redaction of personal data, as a PolicySet's {@code spec.redaction} asks: e-mail addresses, phone
 * numbers, IBANs, NIRs, SIRENs, SIRETs and payment card numbers.
 *
 * <p>{@link io.hubia.runtime.policy.redaction.PersonalDataRedactor} finds them (one detector per
 * kind, check digits validated where they exist, overlaps resolved longest first) and replaces
 * them. {@link io.hubia.runtime.policy.redaction.RedactionPolicy} is what a workflow compiles once
 * per configuration snapshot: the redactor and the targets (question, answer, logs, audit), with
 * {@link io.hubia.runtime.policy.redaction.RedactionTally} counting what one request had redacted
 * for its audit event. {@link io.hubia.runtime.policy.redaction.LogRedactionFilter} redacts log
 * records process-wide. See docs/policy.md.
 */
package io.hubia.runtime.policy.redaction;
