package io.hubia.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What makes a rendered manifest a valid Kubernetes object beyond parsing: a kind fabric8's model
 * knows (not a generic resource), no field the model does not know (fabric8 keeps those aside in
 * {@code additionalProperties}, so a misspelt or misplaced field shows there), names that are DNS
 * subdomains and labels that are valid label values.
 */
final class KubernetesObjects {
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  private KubernetesObjects() {}

  /** Every problem found in {@code object}, as "Kind/name: problem"; empty when it is valid. */
  static List<String> problems(HasMetadata object) {
    String id = object.getKind() + "/" + object.getMetadata().getName();
    List<String> problems = new ArrayList<>();
    if (object instanceof GenericKubernetesResource) {
      problems.add(
          id
              + ": "
              + object.getApiVersion()
              + " "
              + object.getKind()
              + " is not a kind of the Kubernetes model");
      return problems;
    }
    String name = object.getMetadata().getName();
    if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      problems.add(id + ": the name is not a DNS subdomain");
    }
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels != null) {
      labels.forEach(
          (key, value) -> {
            if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
              problems.add(id + ": label " + key + "=" + value + " is not a valid label value");
            }
          });
    }
    unknownFields(object, id, problems, new IdentityHashMap<>());
    return problems;
  }

  private static void unknownFields(
      Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || seen.put(value, Boolean.TRUE) != null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", problems, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
        continue;
      }
      Object field = invoke(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          problems.add(path + ": fields unknown to the Kubernetes model: " + extra.keySet());
        }
      } else {
        unknownFields(field, path + "." + fieldName(getter), problems, seen);
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }

  private static String fieldName(Method getter) {
    String name = getter.getName().substring(getter.getName().startsWith("is") ? 2 : 3);
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
