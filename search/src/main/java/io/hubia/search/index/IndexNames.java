package io.hubia.search.index;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of a retrieval index in OpenSearch: the alias {@code hubia.<namespace>.<name>} that readers
 * use, and the physical indexes {@code hubia.<namespace>.<name>.v<generation>} behind it. The alias
 * is the same as the operator's {@code RetrievalIndexReconciler.alias}.
 */
public final class IndexNames {

  /** OpenSearch refuses index names longer than this many bytes. */
  static final int MAX_BYTES = 255;

  private static final String PREFIX = "hubia.";
  private static final Pattern FORBIDDEN = Pattern.compile("[\\\\/*?\"<>| ,#:]");
  private static final Pattern GENERATION_SEGMENT = Pattern.compile("(^|.*\\.)v\\d+$");

  private IndexNames() {}

  /**
   * The alias of the RetrievalIndex {@code name} in {@code namespace}, in lower case.
   *
   * @throws IllegalArgumentException for a name OpenSearch would refuse, a namespace with a dot, or
   *     a name whose last dot-separated part looks like a generation ({@code v2}): its alias would
   *     be another index's physical name
   */
  public static String alias(String namespace, String name) {
    String ns = part("namespace", namespace);
    String n = part("name", name);
    if (ns.contains(".")) {
      throw new IllegalArgumentException("namespace '" + namespace + "' must not contain a dot");
    }
    if (GENERATION_SEGMENT.matcher(n).matches()) {
      throw new IllegalArgumentException(
          "name '"
              + name
              + "' must not end with '.v<number>' (or be 'v<number>'): it would collide with the"
              + " physical index of another RetrievalIndex");
    }
    String alias = PREFIX + ns + "." + n;
    // The longest physical name still has to fit.
    check(alias + ".v" + Long.MAX_VALUE);
    return alias;
  }

  /** The physical index of generation {@code generation} (1, 2, ...) behind {@code alias}. */
  public static String physical(String alias, long generation) {
    if (generation < 1) {
      throw new IllegalArgumentException("generation must be 1 or more, not " + generation);
    }
    return check(alias + ".v" + generation);
  }

  /**
   * The generation of {@code index} if it is a physical index of {@code alias}, e.g. 3 for {@code
   * hubia.ns.faq.v3} and {@code hubia.ns.faq}; empty otherwise (also for {@code
   * hubia.ns.faq.v2.x.v1}, the index of another name).
   */
  public static OptionalLong generation(String alias, String index) {
    Matcher m = physicalPattern(alias).matcher(index);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(m.group(1)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** True if {@code index} is a physical index of {@code alias}. */
  public static boolean isPhysicalOf(String alias, String index) {
    return generation(alias, index).isPresent();
  }

  static Pattern physicalPattern(String alias) {
    return Pattern.compile(Pattern.quote(alias) + "\\.v([1-9]\\d*)");
  }

  private static String part(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (FORBIDDEN.matcher(lower).find()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' holds a character OpenSearch refuses in index names");
    }
    if (lower.startsWith(".") || lower.endsWith(".") || lower.contains("..")) {
      throw new IllegalArgumentException(
          what + " '" + value + "' must not start or end with a dot nor hold two in a row");
    }
    return lower;
  }

  private static String check(String index) {
    if (!index.equals(index.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("index name '" + index + "' must be lower case");
    }
    if (FORBIDDEN.matcher(index).find()) {
      throw new IllegalArgumentException(
          "index name '" + index + "' holds a character OpenSearch refuses");
    }
    if (index.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "index name '" + index + "' is longer than " + MAX_BYTES + " bytes");
    }
    return index;
  }
}
