package io.hubia.runtime.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads claims by path: {@code realm_access.roles} is claim {@code roles} inside object claim
 * {@code realm_access}. Claim names may themselves hold dots (namespaced claims such as {@code
 * https://example.org/roles}): at each level the longest name present wins, so both kinds resolve.
 */
public final class ClaimPaths {
  private ClaimPaths() {}

  /** The value at {@code path}, if any. */
  public static Optional<Object> resolve(Map<String, Object> claims, String path) {
    if (claims == null || path == null || path.isEmpty()) {
      return Optional.empty();
    }
    if (claims.containsKey(path)) {
      return Optional.ofNullable(claims.get(path));
    }
    // longest prefix first, so that a dotted claim name wins over nesting
    for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
      Object head = claims.get(path.substring(0, dot));
      if (head instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) nested;
        Optional<Object> found = resolve(object, path.substring(dot + 1));
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The value at {@code path} as strings: an array gives its scalar items, a scalar gives itself (a
   * string is one value, not split), an object or absent claim gives nothing.
   */
  public static List<String> strings(Map<String, Object> claims, String path) {
    return resolve(claims, path).map(ClaimPaths::strings).orElse(List.of());
  }

  static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof Collection<?> items) {
      for (Object item : items) {
        if (item != null && !(item instanceof Map) && !(item instanceof Collection)) {
          out.add(item.toString());
        }
      }
    } else if (value != null && !(value instanceof Map)) {
      out.add(value.toString());
    }
    return List.copyOf(out);
  }
}
