package io.hubia.runtime.answer.model;

import java.util.Map;
import java.util.Objects;

/**
 * Decides each tool call a model asks for, for the caller of this request (policy tool rules). A
 * denied call is answered to the model with an error message and recorded, never silently dropped.
 */
@FunctionalInterface
public interface ToolPolicy {
  /** Every call allowed: for tests and workflows whose policy sets no tool rule. */
  ToolPolicy ALLOW_ALL = (toolName, arguments) -> true;

  /**
   * @param toolName the tool's name
   * @param arguments the call's arguments, as strings
   */
  boolean allowed(String toolName, Map<String, String> arguments);

  /**
   * The decision with its reason, recorded as the {@link ToolCall#detail()} of a denied call. By
   * default {@link #allowed}, a denial being {@link Decision#NOT_PERMITTED}.
   */
  default Decision decide(String toolName, Map<String, String> arguments) {
    return allowed(toolName, arguments) ? Decision.ALLOW : Decision.deny(Decision.NOT_PERMITTED);
  }

  /**
   * What the policy says of one call.
   *
   * @param allowed whether the call may be made
   * @param reason why it may not ({@code null} when allowed): {@code not_permitted}, {@code
   *     approval_required}, or {@code argument_too_long:<name>}, {@code argument_pattern:<name>},
   *     {@code argument_not_allowed:<name>}; never an argument's value
   */
  record Decision(boolean allowed, String reason) {
    /** No rule names the caller's subjects and the tool. */
    public static final String NOT_PERMITTED = "not_permitted";

    /**
     * Only rules that require a human's approval allow the call; refused as such when nobody can
     * approve it (the policy names no approvers).
     */
    public static final String APPROVAL_REQUIRED = "approval_required";

    /**
     * The call needs approval and an approver can give it: the request stops and is held ({@link
     * ToolApprovalRequired}).
     */
    public static final String AWAIT_APPROVAL = "awaiting_approval";

    /**
     * In a request resumed after an approval, a call other than the approved one that needs
     * approval too: refused, since the approver did not see it.
     */
    public static final String NOT_APPROVED = "not_approved";

    /** An argument is longer than a rule's {@code maxLength}. */
    public static final String ARGUMENT_TOO_LONG = "argument_too_long";

    /** An argument does not match a rule's {@code pattern} as a whole. */
    public static final String ARGUMENT_PATTERN = "argument_pattern";

    /** An argument is not one of a rule's {@code allowedValues}. */
    public static final String ARGUMENT_NOT_ALLOWED = "argument_not_allowed";

    /** The call may be made. */
    public static final Decision ALLOW = new Decision(true, null);

    public Decision {
      if (!allowed) {
        Objects.requireNonNull(reason, "reason");
      }
    }

    /** A denial for {@code reason}. */
    public static Decision deny(String reason) {
      return new Decision(false, reason);
    }

    /** Whether the request waits for a human's approval of the call ({@link #AWAIT_APPROVAL}). */
    public boolean awaitsApproval() {
      return !allowed && AWAIT_APPROVAL.equals(reason);
    }

    /** The reason without its argument name ({@code argument_pattern}), for metric labels. */
    public String kind() {
      return reason == null ? null : kind(reason);
    }

    /** {@code reason} without its {@code :<argument>} suffix. */
    public static String kind(String reason) {
      int colon = reason.indexOf(':');
      return colon < 0 ? reason : reason.substring(0, colon);
    }
  }
}
