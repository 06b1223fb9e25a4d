package io.hubia.runtime.answer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the citation verifier made of a draft.
 *
 * @param decision whether the answer may be given, or why the reply is the fallback
 * @param text the kept claims, markers renumbered 1..k in order of first appearance; what is
 *     returned when {@link #sufficient()}, kept for audit otherwise
 * @param cited the cited evidence in the new numbering: {@code cited.get(0)} is {@code [1]}
 * @param claims every claim of the draft, in order, kept or cut
 * @param supportedShare kept factual claims / factual claims (0 when there is none)
 */
public record Verification(
    Decision decision,
    String text,
    List<Evidence> cited,
    List<ClaimCheck> claims,
    double supportedShare) {

  public Verification {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(text, "text");
    cited = List.copyOf(cited);
    claims = List.copyOf(claims);
  }

  /** Whether the answer may be given or the reply is the fallback, with a stable reason. */
  public enum Decision {
    SUFFICIENT("sufficient"),
    /** The draft is empty or says nothing factual. */
    NO_ANSWER("no_answer"),
    /** Too few factual claims are supported by their citations (or none is). */
    INSUFFICIENT_SUPPORT("insufficient_support");

    private final String reason;

    Decision(String reason) {
      this.reason = reason;
    }

    /** The stable name for metrics and audit: {@code sufficient}, {@code no_answer}... */
    public String reason() {
      return reason;
    }
  }

  /** What happened to a claim. */
  public enum Status {
    /** A factual claim supported by its cited evidence. */
    SUPPORTED,
    /** A claim that states no fact (a transition, a question back, a disclaimer), kept uncited. */
    NON_FACTUAL,
    /** Cut; {@link ClaimCheck#reason()} says why. */
    CUT
  }

  /** Reasons a claim is cut. */
  public static final String UNCITED = "uncited";

  public static final String INVALID_CITATION = "invalid_citation";
  public static final String UNSUPPORTED = "unsupported";

  /** A number or date of the claim is not in its cited evidence. */
  public static final String UNSUPPORTED_NUMBER = "unsupported_number";

  /** A proper name of the claim is not in its cited evidence. */
  public static final String UNSUPPORTED_NAME = "unsupported_name";

  /**
   * One claim of the draft.
   *
   * @param text the claim as written in the draft, markers included
   * @param cited the evidence numbers it cites, as written (before renumbering)
   * @param supportScore the best support by one of its cited chunks, in 0..1 (0 when not computed:
   *     uncited or invalid citation)
   * @param status kept (supported or non-factual) or cut
   * @param reason why it was cut ({@code uncited}, {@code invalid_citation}, {@code unsupported},
   *     {@code unsupported_number}, {@code unsupported_name}), {@code null} when kept
   */
  public record ClaimCheck(
      String text, List<Integer> cited, double supportScore, Status status, String reason) {
    public ClaimCheck {
      cited = List.copyOf(cited);
    }

    public boolean kept() {
      return status != Status.CUT;
    }

    /** Whether it states facts: cited, or cut for being uncited. */
    public boolean factual() {
      return status != Status.NON_FACTUAL;
    }
  }

  /**
   * How sure the runtime is of the answer, in [0, 1]: the share of factual claims kept ({@link
   * #supportedShare()}) times the mean support score of the kept factual claims. 0 when no factual
   * claim is kept. Policy {@code approvals.minConfidence} holds answers below it for an approver.
   */
  public double confidence() {
    double sum = 0;
    int kept = 0;
    for (ClaimCheck claim : claims) {
      if (claim.factual() && claim.kept()) {
        sum += claim.supportScore();
        kept++;
      }
    }
    return kept == 0 ? 0 : supportedShare * (sum / kept);
  }

  /** Whether the answer may be given. */
  public boolean sufficient() {
    return decision == Decision.SUFFICIENT;
  }

  /** Number of factual claims (kept or cut). */
  public int factualClaims() {
    return (int) claims.stream().filter(ClaimCheck::factual).count();
  }

  /** Number of factual claims kept. */
  public int supportedClaims() {
    return (int) claims.stream().filter(c -> c.status() == Status.SUPPORTED).count();
  }

  /** Number of claims cut. */
  public int cutClaims() {
    return (int) claims.stream().filter(c -> c.status() == Status.CUT).count();
  }

  /** Number of non-factual claims kept. */
  public int nonFactualClaims() {
    return (int) claims.stream().filter(c -> c.status() == Status.NON_FACTUAL).count();
  }

  /** Cut claims per reason, for metrics. */
  public Map<String, Integer> cutReasons() {
    Map<String, Integer> reasons = new TreeMap<>();
    for (ClaimCheck c : claims) {
      if (c.status() == Status.CUT) {
        reasons.merge(c.reason(), 1, Integer::sum);
      }
    }
    return reasons;
  }
}
