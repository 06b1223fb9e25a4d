package io.hubia.operator.status;

import io.hubia.api.v1alpha1.status.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds condition lists the Kubernetes way: Ready first, reasons in CamelCase, and
 * lastTransitionTime kept unless the status flips, so that a status rewrite without a real change
 * is a no-op.
 */
public final class Conditions {
  private final List<Condition> previous;
  private final List<Condition> next = new ArrayList<>();
  private final long generation;
  private final Instant now;

  private Conditions(List<Condition> previous, long generation, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  /** Starts a new condition list that carries transition times over from {@code previous}. */
  public static Conditions from(List<Condition> previous, long generation, Instant now) {
    return new Conditions(previous, generation, now);
  }

  /** Sets a condition to True or False with a reason and a message. */
  public Conditions set(ConditionType type, boolean status, String reason, String message) {
    return set(type, status ? "True" : "False", reason, message);
  }

  /** Sets a condition whose status is not known yet. */
  public Conditions unknown(ConditionType type, String reason, String message) {
    return set(type, "Unknown", reason, message);
  }

  /**
   * Keeps a condition of the previous list as it was (status, reason, message and transition time),
   * e.g. one written by another component.
   */
  public Conditions keep(Condition previousCondition) {
    Condition copy = new Condition();
    copy.setType(previousCondition.getType());
    copy.setStatus(previousCondition.getStatus());
    copy.setReason(previousCondition.getReason());
    copy.setMessage(previousCondition.getMessage());
    copy.setLastTransitionTime(previousCondition.getLastTransitionTime());
    copy.setObservedGeneration(previousCondition.getObservedGeneration());
    next.removeIf(c -> c.getType().equals(copy.getType()));
    next.add(copy);
    return this;
  }

  private Conditions set(ConditionType type, String status, String reason, String message) {
    Condition condition = new Condition();
    condition.setType(type.name());
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(generation);
    Optional<Condition> before = find(previous, type);
    condition.setLastTransitionTime(
        before
            .filter(b -> Objects.equals(b.getStatus(), status))
            .map(Condition::getLastTransitionTime)
            .orElse(now.toString()));
    next.removeIf(c -> c.getType().equals(type.name()));
    next.add(condition);
    return this;
  }

  /** The conditions set so far, in {@link ConditionType} order. */
  public List<Condition> build() {
    List<Condition> sorted = new ArrayList<>(next);
    sorted.sort(Comparator.comparingInt(Conditions::rank).thenComparing(Condition::getType));
    return sorted;
  }

  /** Known types in declared order; types written by other components come after them. */
  private static int rank(Condition condition) {
    for (ConditionType type : ConditionType.values()) {
      if (type.name().equals(condition.getType())) {
        return type.ordinal();
      }
    }
    return ConditionType.values().length;
  }

  /** The condition of a type in a list, if present. */
  public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst();
  }

  /** Whether a list holds a True condition of a type computed for {@code generation}. */
  public static boolean isTrue(List<Condition> conditions, ConditionType type, Long generation) {
    return find(conditions, type)
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> generation == null || Objects.equals(c.getObservedGeneration(), generation))
        .isPresent();
  }
}
