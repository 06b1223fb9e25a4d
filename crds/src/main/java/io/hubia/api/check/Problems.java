package io.hubia.api.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Collects the problems of a spec, each a sentence that says what to fix. */
public final class Problems {
  private static final Pattern DURATION =
      Pattern.compile(io.hubia.api.v1alpha1.spec.Patterns.DURATION);
  private final List<String> problems = new ArrayList<>();

  /** Adds a problem. */
  public Problems add(String problem) {
    problems.add(problem);
    return this;
  }

  /** Adds a problem for each duplicate name; returns the distinct non-null names. */
  public Set<String> unique(String path, Collection<String> names) {
    Set<String> seen = new LinkedHashSet<>();
    for (String name : names) {
      if (name == null) {
        add(path + " has an entry without a name");
      } else if (!seen.add(name)) {
        add(path + " lists '" + name + "' twice: names must be unique");
      }
    }
    return seen;
  }

  /** Adds a problem for each of {@code names} that is not in {@code known}. */
  public void subset(String path, Collection<String> names, Set<String> known) {
    for (String name : names) {
      if (!known.contains(name)) {
        add(path + " names '" + name + "', which is not declared (declared: " + known + ")");
      }
    }
  }

  /** Adds a problem when {@code value} is set and is not a duration such as 30s or 1h30m. */
  public void duration(String path, String value) {
    if (value != null && !DURATION.matcher(value).matches()) {
      add(path + " '" + value + "' is not a duration such as 500ms, 30s, 2m or 1h30m");
    }
  }

  /** Adds a problem when {@code regex} is set and does not compile. */
  public void regex(String path, String regex) {
    if (regex == null) {
      return;
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      add(path + " is not a valid regular expression: " + e.getDescription());
    }
  }

  /** The problems, in the order found. */
  public List<String> list() {
    return List.copyOf(problems);
  }
}
