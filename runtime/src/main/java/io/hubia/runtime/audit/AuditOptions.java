package io.hubia.runtime.audit;

import io.hubia.api.v1alpha1.spec.AuditSpec;
import io.hubia.api.v1alpha1.spec.QuestionStorage;
import java.util.Objects;

/**
 * What the audit trail keeps, from the PolicySet's {@code audit} section with its defaults.
 *
 * @param failClosed refuse to answer when the event cannot be written (default true); the store
 *     itself always throws, this tells its callers (and the readiness check) what to do about it
 * @param questionStorage how the question is kept: {@code Text}, {@code Hash} (hex SHA-256 of its
 *     UTF-8 bytes, the default) or {@code None}
 * @param storeAnswers whether answers are kept (default true)
 */
public record AuditOptions(
    boolean failClosed, QuestionStorage questionStorage, boolean storeAnswers) {

  /** The defaults: fail closed, questions hashed, answers kept. */
  public static final AuditOptions DEFAULTS = new AuditOptions(true, QuestionStorage.Hash, true);

  public AuditOptions {
    Objects.requireNonNull(questionStorage, "questionStorage");
  }

  /** The options of a PolicySet's audit section; {@code null} fields take their defaults. */
  public static AuditOptions from(AuditSpec spec) {
    if (spec == null) {
      return DEFAULTS;
    }
    return new AuditOptions(
        spec.getFailClosed() == null ? DEFAULTS.failClosed() : spec.getFailClosed(),
        spec.getQuestionStorage() == null ? DEFAULTS.questionStorage() : spec.getQuestionStorage(),
        spec.getStoreAnswers() == null ? DEFAULTS.storeAnswers() : spec.getStoreAnswers());
  }
}
