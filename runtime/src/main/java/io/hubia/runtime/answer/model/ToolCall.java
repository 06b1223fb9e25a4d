package io.hubia.runtime.answer.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One tool call a model asked for, for metrics and audit. Never holds a secret: the Authorization
 * header of an Http tool is not part of it.
 *
 * @param tool the tool name the model asked for (possibly one it was not offered)
 * @param arguments the arguments, as strings (empty when they could not be read)
 * @param outcome what became of the call
 * @param detail why it failed or was refused, or what it returned (e.g. {@code HTTP 200}); for a
 *     {@link Outcome#DENIED} call, the policy's reason ({@link ToolPolicy.Decision#reason()}, e.g.
 *     {@code argument_too_long:nom}), which names no argument value; never a secret
 * @param evidenceNumbers the evidence numbers the call's results were given, for citation
 */
public record ToolCall(
    String tool,
    Map<String, String> arguments,
    Outcome outcome,
    String detail,
    List<Integer> evidenceNumbers) {

  public ToolCall {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(outcome, "outcome");
    arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    evidenceNumbers = evidenceNumbers == null ? List.of() : List.copyOf(evidenceNumbers);
  }

  /** What became of a call. */
  public enum Outcome {
    /** Executed; its results were given to the model. */
    OK,
    /** Refused by the {@link ToolPolicy}. */
    DENIED,
    /** Not one of the tools offered for this request. */
    UNKNOWN_TOOL,
    /** Arguments not a JSON object, or a required argument missing or invalid. */
    INVALID_ARGUMENTS,
    /** Refused because the request already made the most calls allowed. */
    LIMIT,
    /**
     * Executed, but some or all of its results were withheld from the model: too sensitive for its
     * hosting (policy model rules). What was allowed was given.
     */
    WITHHELD,
    /** Executed but failed: unreachable host, HTTP error, timeout, response too large... */
    FAILED
  }
}
