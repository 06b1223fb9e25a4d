package io.hubia.runtime.policy;

import io.hubia.api.v1alpha1.spec.ArgumentLimit;
import io.hubia.api.v1alpha1.spec.ToolRule;
import io.hubia.runtime.answer.model.ToolPolicy;
import io.hubia.runtime.answer.model.ToolPolicy.Decision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jboss.logging.Logger;

/**
 * The PolicySet's tool rules, compiled once per configuration: which tools a caller may call, with
 * which arguments.
 *
 * <p>A call is allowed when at least one rule names one of the caller's subjects (or {@code *}) and
 * the tool (or {@code *}), does not require approval, and has all its argument limits satisfied. No
 * such rule: the call is denied, for the first reason found in this order: a rule naming the caller
 * and the tool whose limits are satisfied but that requires approval ({@code approval_required});
 * else the first limit broken by the first rule naming them ({@code argument_too_long:<name>},
 * {@code argument_pattern:<name>}, {@code argument_not_allowed:<name>}); else {@code
 * not_permitted}. No rule at all: every call is denied.
 *
 * <ul>
 *   <li>An argument the call does not pass counts as the empty string: a limit on it holds only if
 *       the empty string passes it (a {@code pattern} that matches it, or {@code ""} among the
 *       {@code allowedValues}). An argument without a limit is not checked.
 *   <li>{@code maxLength} counts characters (code points). {@code pattern} must match the whole
 *       value ({@link java.util.regex.Matcher#matches()}). {@code allowedValues} compare exactly.
 *   <li>A pattern that does not compile can never be satisfied (its rule allows nothing). A pattern
 *       that backtracks too long on a value (more than {@link #MATCH_BUDGET} character reads, plus
 *       {@link #MATCH_READS_PER_CHAR} per character of the value) does not match it: a catastrophic
 *       pattern denies the call instead of hanging the request.
 * </ul>
 *
 * <p>A reason names at most an argument, never its value or the rule. Immutable, thread-safe.
 */
public final class ToolRules {
  /**
   * Character reads one pattern match may make, plus {@link #MATCH_READS_PER_CHAR} per character of
   * the value, before it counts as not matching.
   */
  public static final int MATCH_BUDGET = 1_000_000;

  /** Character reads a pattern match may make per character of the value, beyond the budget. */
  public static final int MATCH_READS_PER_CHAR = 64;

  private static final Logger LOG = Logger.getLogger(ToolRules.class);

  private final List<Compiled> rules;

  private ToolRules(List<Compiled> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules of a PolicySet ({@code null}: none, every call denied). */
  public static ToolRules compile(Collection<ToolRule> rules) {
    List<Compiled> compiled = new ArrayList<>();
    for (ToolRule rule : rules == null ? List.<ToolRule>of() : rules) {
      if (rule != null) {
        compiled.add(Compiled.of(rule));
      }
    }
    return new ToolRules(compiled);
  }

  /**
   * What the rules say of a call by a caller of {@code subjects} to {@code tool} with {@code
   * arguments} (as strings, by name).
   */
  public Decision decide(Collection<String> subjects, String tool, Map<String, String> arguments) {
    Collection<String> who = subjects == null ? List.of() : subjects;
    Map<String, String> args = arguments == null ? Map.of() : arguments;
    String firstBroken = null;
    boolean approval = false;
    for (Compiled rule : rules) {
      if (!rule.names(who, tool)) {
        continue;
      }
      String broken = rule.broken(args);
      if (broken == null) {
        if (!rule.requiresApproval) {
          return Decision.ALLOW;
        }
        approval = true;
      } else if (firstBroken == null) {
        firstBroken = broken;
      }
    }
    if (approval) {
      return Decision.deny(Decision.APPROVAL_REQUIRED);
    }
    return Decision.deny(firstBroken == null ? Decision.NOT_PERMITTED : firstBroken);
  }

  /** The rules as the {@link ToolPolicy} of one request, for a caller of {@code subjects}. */
  public ToolPolicy policyFor(Collection<String> subjects) {
    List<String> who = subjects == null ? List.of() : List.copyOf(subjects);
    return new ToolPolicy() {
      @Override
      public boolean allowed(String toolName, Map<String, String> arguments) {
        return decide(toolName, arguments).allowed();
      }

      @Override
      public Decision decide(String toolName, Map<String, String> arguments) {
        return ToolRules.this.decide(who, toolName, arguments);
      }
    };
  }

  /** One rule, its patterns compiled. */
  private record Compiled(
      Set<String> subjects, Set<String> tools, List<Limit> limits, boolean requiresApproval) {

    static Compiled of(ToolRule rule) {
      List<Limit> limits = new ArrayList<>();
      for (ArgumentLimit a :
          rule.getArguments() == null ? List.<ArgumentLimit>of() : rule.getArguments()) {
        if (a != null && a.getName() != null) {
          limits.add(Limit.of(a));
        }
      }
      return new Compiled(
          names(rule.getSubjects()),
          names(rule.getTools()),
          limits,
          Boolean.TRUE.equals(rule.getRequiresApproval()));
    }

    private static Set<String> names(List<String> names) {
      return names == null
          ? Set.of()
          : Set.copyOf(names.stream().filter(Objects::nonNull).toList());
    }

    boolean names(Collection<String> who, String tool) {
      boolean subject = subjects.contains("*") || who.stream().anyMatch(subjects::contains);
      return subject && (tools.contains("*") || tools.contains(tool));
    }

    /** The first limit the arguments break, as a reason; {@code null} when none. */
    String broken(Map<String, String> arguments) {
      for (Limit limit : limits) {
        String reason = limit.broken(arguments.getOrDefault(limit.name, ""));
        if (reason != null) {
          return reason + ":" + limit.name;
        }
      }
      return null;
    }
  }

  /** One argument limit; {@code pattern} {@code null} when none, {@link #NEVER} when invalid. */
  private record Limit(String name, Integer maxLength, Pattern pattern, Set<String> allowedValues) {
    private static final Pattern NEVER = Pattern.compile("(?!)");

    static Limit of(ArgumentLimit a) {
      Pattern pattern = null;
      if (a.getPattern() != null) {
        try {
          pattern = Pattern.compile(a.getPattern());
        } catch (PatternSyntaxException e) {
          LOG.warnf(
              "Tool rule pattern of argument %s does not compile; the rule allows nothing",
              a.getName());
          pattern = NEVER;
        }
      }
      List<String> values = a.getAllowedValues() == null ? List.of() : a.getAllowedValues();
      return new Limit(
          a.getName(),
          a.getMaxLength(),
          pattern,
          Set.copyOf(values.stream().filter(Objects::nonNull).toList()));
    }

    String broken(String value) {
      if (maxLength != null && value.codePointCount(0, value.length()) > maxLength) {
        return Decision.ARGUMENT_TOO_LONG;
      }
      if (pattern != null && !matches(pattern, value)) {
        return Decision.ARGUMENT_PATTERN;
      }
      if (!allowedValues.isEmpty() && !allowedValues.contains(value)) {
        return Decision.ARGUMENT_NOT_ALLOWED;
      }
      return null;
    }
  }

  /** Whether {@code pattern} matches all of {@code value} within its budget of reads. */
  static boolean matches(Pattern pattern, String value) {
    try {
      long budget = MATCH_BUDGET + (long) MATCH_READS_PER_CHAR * value.length();
      return pattern
          .matcher(new Budgeted(value, (int) Math.min(Integer.MAX_VALUE, budget)))
          .matches();
    } catch (BudgetExceeded e) {
      return false;
    }
  }

  /** A value whose characters can be read a bounded number of times, so that a match ends. */
  private static final class Budgeted implements CharSequence {
    private final String value;
    private final int[] left;

    Budgeted(String value, int budget) {
      this(value, new int[] {budget});
    }

    private Budgeted(String value, int[] left) {
      this.value = value;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new BudgetExceeded();
      }
      return value.charAt(index);
    }

    @Override
    public int length() {
      return value.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(value.substring(start, end), left);
    }

    @Override
    public String toString() {
      return value;
    }
  }

  /** A match that read too many characters. */
  private static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super("pattern match budget exceeded", null, false, false);
    }
  }
}
