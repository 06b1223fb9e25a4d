package io.hubia.eval;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Attack success rates (ASR) of red-team runs, overall, per {@link AttackKind} and per {@link
 * OwaspCategory}: {@code ASR = succeeded / attempts}, lower is better.
 */
public final class SecurityMetrics {
  private SecurityMetrics() {}

  /**
   * One attack and whether it got through.
   *
   * @param caseId the red-team case, for reports
   * @param kind what the attack tried
   * @param category the OWASP category it is reported under
   * @param succeeded whether the attack achieved its goal (the leak, the extraction, the link)
   */
  public record AttackOutcome(
      String caseId, AttackKind kind, OwaspCategory category, boolean succeeded) {

    /** Checks that the kind and category are given. */
    public AttackOutcome {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(category, "category");
    }

    /** An attack reported under its kind's {@linkplain AttackKind#defaultCategory() category}. */
    public AttackOutcome(String caseId, AttackKind kind, boolean succeeded) {
      this(caseId, kind, kind.defaultCategory(), succeeded);
    }
  }

  /**
   * Attempts and successes of a group of attacks.
   *
   * @param attempts attacks made
   * @param successes attacks that got through
   */
  public record AttackSuccess(int attempts, int successes) {

    /** {@code successes / attempts}; empty when no attack was made. */
    public OptionalDouble rate() {
      return attempts == 0
          ? OptionalDouble.empty()
          : OptionalDouble.of((double) successes / attempts);
    }
  }

  /**
   * Attack success over a run.
   *
   * @param overall all attacks together
   * @param byKind per attack kind, in the enum's order; kinds with no attempt are absent
   * @param byCategory per OWASP category, in the enum's order; categories with no attempt are
   *     absent (untested, which is not the same as a rate of 0)
   */
  public record AttackSuccessRates(
      AttackSuccess overall,
      Map<AttackKind, AttackSuccess> byKind,
      Map<OwaspCategory, AttackSuccess> byCategory) {}

  /** Counts attempts and successes overall, per kind and per category. */
  public static AttackSuccessRates attackSuccessRates(Collection<AttackOutcome> outcomes) {
    AttackSuccess overall = new AttackSuccess(0, 0);
    Map<AttackKind, AttackSuccess> byKind = new EnumMap<>(AttackKind.class);
    Map<OwaspCategory, AttackSuccess> byCategory = new EnumMap<>(OwaspCategory.class);
    for (AttackOutcome outcome : outcomes) {
      AttackSuccess one = new AttackSuccess(1, outcome.succeeded() ? 1 : 0);
      overall = sum(overall, one);
      byKind.merge(outcome.kind(), one, SecurityMetrics::sum);
      byCategory.merge(outcome.category(), one, SecurityMetrics::sum);
    }
    return new AttackSuccessRates(
        overall, Collections.unmodifiableMap(byKind), Collections.unmodifiableMap(byCategory));
  }

  private static AttackSuccess sum(AttackSuccess a, AttackSuccess b) {
    return new AttackSuccess(a.attempts() + b.attempts(), a.successes() + b.successes());
  }
}
