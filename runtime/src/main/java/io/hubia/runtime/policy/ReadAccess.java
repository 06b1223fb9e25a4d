package io.hubia.runtime.policy;

import io.hubia.api.v1alpha1.spec.AttributeMatch;
import io.hubia.api.v1alpha1.spec.PolicySetSpec;
import io.hubia.api.v1alpha1.spec.ReadRule;
import io.hubia.api.v1alpha1.spec.SubjectSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read rules of a PolicySet, compiled once per policy generation: which document labels a
 * caller may read, from the roles and attributes of its token.
 *
 * <ul>
 *   <li>A caller is a subject when it has any of the subject's roles (if it lists roles) and every
 *       attribute condition holds (present, and one of the values when values are listed).
 *   <li>It reads the union of the labels of every rule naming one of its subjects or {@code *}
 *       (every authenticated caller).
 *   <li>{@code ${attribute}} in a label becomes each of the caller's values of that attribute; a
 *       label whose attribute the caller lacks is dropped, never kept with the placeholder or
 *       emptied (so {@code antenne:${branch}} can never become {@code antenne:}).
 *   <li>No matching rule: the caller reads nothing (an empty set, which retrieval answers with no
 *       chunk).
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class ReadAccess {
  private static final Pattern TEMPLATE = Pattern.compile("\\$\\{([^}]*)}");

  private final Map<String, SubjectSpec> subjects = new LinkedHashMap<>();
  private final List<ReadRule> rules;

  public ReadAccess(PolicySetSpec policy) {
    Objects.requireNonNull(policy, "policy");
    for (SubjectSpec subject : nonNull(policy.getSubjects())) {
      subjects.put(subject.getName(), subject);
    }
    this.rules = List.copyOf(nonNull(policy.getReadRules()));
  }

  /** The subjects (by name) the caller is, in declaration order. */
  public List<String> subjectsOf(Collection<String> roles, Map<String, List<String>> attributes) {
    List<String> matched = new ArrayList<>();
    for (SubjectSpec subject : subjects.values()) {
      if (matches(subject, roles, attributes)) {
        matched.add(subject.getName());
      }
    }
    return matched;
  }

  /** The labels the caller may read, sorted; empty when no rule applies. */
  public Set<String> readableLabels(
      Collection<String> roles, Map<String, List<String>> attributes) {
    List<String> callerSubjects = subjectsOf(roles, attributes);
    Set<String> labels = new TreeSet<>();
    for (ReadRule rule : rules) {
      boolean applies =
          nonNull(rule.getSubjects()).stream()
              .anyMatch(s -> s.equals("*") || callerSubjects.contains(s));
      if (applies) {
        for (String label : nonNull(rule.getLabels())) {
          labels.addAll(expand(label, attributes));
        }
      }
    }
    return labels;
  }

  private static boolean matches(
      SubjectSpec subject, Collection<String> roles, Map<String, List<String>> attributes) {
    List<String> wanted = nonNull(subject.getRoles());
    List<AttributeMatch> conditions = nonNull(subject.getAttributes());
    if (wanted.isEmpty() && conditions.isEmpty()) {
      return false; // the CRD refuses it; never match everyone by accident
    }
    if (!wanted.isEmpty() && wanted.stream().noneMatch(roles::contains)) {
      return false;
    }
    for (AttributeMatch condition : conditions) {
      List<String> values = attributes.getOrDefault(condition.getAttribute(), List.of());
      List<String> present = values.stream().filter(v -> v != null && !v.isBlank()).toList();
      if (present.isEmpty()) {
        return false;
      }
      List<String> accepted = nonNull(condition.getValues());
      if (!accepted.isEmpty() && present.stream().noneMatch(accepted::contains)) {
        return false;
      }
    }
    return true;
  }

  /** The label with each placeholder replaced by each value of its attribute. */
  static List<String> expand(String label, Map<String, List<String>> attributes) {
    Matcher m = TEMPLATE.matcher(label);
    if (!m.find()) {
      return List.of(label);
    }
    String attribute = m.group(1);
    List<String> values =
        attributes.getOrDefault(attribute, List.of()).stream()
            .filter(v -> v != null && !v.isBlank())
            .toList();
    List<String> expanded = new ArrayList<>();
    for (String value : values) {
      String once = label.substring(0, m.start()) + value.strip() + label.substring(m.end());
      expanded.addAll(expand(once, attributes));
    }
    return expanded;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
