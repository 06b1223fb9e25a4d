package io.hubia.runtime.answer.model;

import java.util.Map;
import java.util.Objects;

/**
 * Thrown out of a model's run when it asks for a call that the policy allows only with a human's
 * approval ({@link ToolPolicy.Decision#awaitsApproval()}): the request stops there, before the call
 * is made, and the runtime holds it for an approver. It is not a model failure, so the answerer
 * chain does not try the next model.
 */
public final class ToolApprovalRequired extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String tool;
  private final transient Map<String, String> arguments;

  public ToolApprovalRequired(String tool, Map<String, String> arguments) {
    super("tool '" + tool + "' needs a human's approval", null, false, false);
    this.tool = Objects.requireNonNull(tool, "tool");
    this.arguments = Map.copyOf(arguments);
  }

  /** The tool the model asked for. */
  public String tool() {
    return tool;
  }

  /** The call's arguments, as strings by name (unredacted: redact before storing or logging). */
  public Map<String, String> arguments() {
    return arguments;
  }
}
