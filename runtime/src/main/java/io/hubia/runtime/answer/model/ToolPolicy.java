package io.hubia.runtime.answer.model;

import java.util.Map;

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
}
