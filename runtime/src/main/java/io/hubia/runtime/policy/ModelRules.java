package io.hubia.runtime.policy;

import io.hubia.api.v1alpha1.spec.ModelHosting;
import io.hubia.api.v1alpha1.spec.ModelRule;
import io.hubia.api.v1alpha1.spec.ModelRulesSpec;
import io.hubia.api.v1alpha1.spec.ModelViolationAction;
import io.hubia.api.v1alpha1.spec.Sensitivity;
import io.hubia.api.v1alpha1.spec.SensitivityLabel;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The PolicySet's model rules, compiled once per configuration: the sensitivity of a context (the
 * most sensitive of its labels) and the model hostings that may receive it.
 *
 * <p>A label the policy gives no sensitivity counts as {@code Internal}, as does content without
 * any label: the CRD's "unlabelled content is Internal", applied label by label so that an unknown
 * label can never lower a chunk below what its other labels say. A sensitivity without a rule takes
 * the CRD's default: {@code Public} and {@code Internal} to any model, {@code Confidential} and
 * {@code Secret} to {@code SelfHosted} models only.
 */
public final class ModelRules {
  /** Sensitivity of a label the policy does not list, and of unlabelled content. */
  public static final Sensitivity UNLISTED = Sensitivity.Internal;

  private final Map<String, Sensitivity> labels;
  private final Map<Sensitivity, Set<ModelHosting>> allowed;
  private final ModelViolationAction onViolation;

  private ModelRules(
      Map<String, Sensitivity> labels,
      Map<Sensitivity, Set<ModelHosting>> allowed,
      ModelViolationAction onViolation) {
    this.labels = Map.copyOf(labels);
    this.allowed = allowed;
    this.onViolation = onViolation;
  }

  /** The rules of {@code spec}; {@code null} gives the defaults. */
  public static ModelRules compile(ModelRulesSpec spec) {
    Map<String, Sensitivity> labels = new HashMap<>();
    Map<Sensitivity, Set<ModelHosting>> allowed = new EnumMap<>(Sensitivity.class);
    for (Sensitivity s : Sensitivity.values()) {
      allowed.put(s, defaultHostings(s));
    }
    ModelViolationAction onViolation = ModelViolationAction.Fallback;
    if (spec != null) {
      for (SensitivityLabel l : spec.getSensitivityLabels()) {
        if (l != null && l.getLabel() != null && l.getSensitivity() != null) {
          labels.merge(l.getLabel(), l.getSensitivity(), ModelRules::higher);
        }
      }
      for (ModelRule rule : spec.getRules()) {
        if (rule != null && rule.getSensitivity() != null) {
          Set<ModelHosting> hostings = EnumSet.noneOf(ModelHosting.class);
          if (rule.getAllowedHosting() != null) {
            rule.getAllowedHosting().stream().filter(h -> h != null).forEach(hostings::add);
          }
          allowed.put(rule.getSensitivity(), Set.copyOf(hostings));
        }
      }
      if (spec.getOnViolation() != null) {
        onViolation = spec.getOnViolation();
      }
    }
    return new ModelRules(labels, allowed, onViolation);
  }

  /** The hostings a sensitivity without rule may be sent to. */
  public static Set<ModelHosting> defaultHostings(Sensitivity sensitivity) {
    return sensitivity.compareTo(Sensitivity.Internal) <= 0
        ? Set.copyOf(EnumSet.allOf(ModelHosting.class))
        : Set.of(ModelHosting.SelfHosted);
  }

  /** The sensitivity of one label: the policy's, else {@link #UNLISTED}. */
  public Sensitivity sensitivityOf(String label) {
    return labels.getOrDefault(label, UNLISTED);
  }

  /**
   * The sensitivity of content carrying {@code chunkLabels}: its most sensitive label, {@link
   * #UNLISTED} without label.
   */
  public Sensitivity sensitivityOfLabels(Collection<String> chunkLabels) {
    if (chunkLabels == null || chunkLabels.isEmpty()) {
      return UNLISTED;
    }
    Sensitivity highest = Sensitivity.Public;
    for (String label : chunkLabels) {
      highest = higher(highest, sensitivityOf(label));
    }
    return highest;
  }

  /**
   * The sensitivity of a context made of pieces of content, each given by its labels: the most
   * sensitive piece; {@code Public} for no content at all.
   */
  public Sensitivity sensitivityOfContext(Collection<? extends Collection<String>> pieces) {
    Sensitivity highest = Sensitivity.Public;
    for (Collection<String> piece : pieces) {
      highest = higher(highest, sensitivityOfLabels(piece));
    }
    return highest;
  }

  /** The hostings that may receive content of {@code sensitivity}. */
  public Set<ModelHosting> allowedHostings(Sensitivity sensitivity) {
    return allowed.get(sensitivity);
  }

  /**
   * Whether a model hosted as {@code hosting} ({@code null}: {@code External}, the spec's default)
   * may receive content of {@code sensitivity}.
   */
  public boolean allows(ModelHosting hosting, Sensitivity sensitivity) {
    return allowed.get(sensitivity).contains(hosting == null ? ModelHosting.External : hosting);
  }

  /** Whether a model hosted as {@code hosting} may receive content carrying {@code labels}. */
  public boolean mayReceive(ModelHosting hosting, Collection<String> labels) {
    return allows(hosting, sensitivityOfLabels(labels));
  }

  /** What to do when no model of the chain may receive the context. */
  public ModelViolationAction onViolation() {
    return onViolation;
  }

  private static Sensitivity higher(Sensitivity a, Sensitivity b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
