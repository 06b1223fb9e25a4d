package io.hubia.runtime.approval;

import io.hubia.runtime.answer.model.ToolPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tool rules of one request with human approval applied to the calls they allow only with it
 * ({@link ToolPolicy.Decision#APPROVAL_REQUIRED}):
 *
 * <ul>
 *   <li>a first run holds the request ({@link ToolPolicy.Decision#AWAIT_APPROVAL}) when the policy
 *       names approvers, and refuses the call ({@code approval_required}) when nobody could approve
 *       it;
 *   <li>a run resumed after an approval makes the approved call (same tool, same arguments: their
 *       {@link #argumentsHash}) and refuses any other that needs approval ({@code not_approved}).
 * </ul>
 */
public final class ApprovalToolPolicy {
  /** The key of the approved call's tool in {@link ApprovalRequest#what()}. */
  public static final String TOOL = "tool";

  /** The key of the approved call's arguments hash in {@link ApprovalRequest#what()}. */
  public static final String ARGUMENTS_SHA256 = "argumentsSha256";

  private ApprovalToolPolicy() {}

  /**
   * @param rules the tool rules for the caller
   * @param approvals the policy's approval rules
   * @param resumed the approved request this run resumes, or {@code null} for a first run
   */
  public static ToolPolicy of(ToolPolicy rules, ApprovalRules approvals, ApprovalRequest resumed) {
    return new ToolPolicy() {
      @Override
      public boolean allowed(String toolName, Map<String, String> arguments) {
        return decide(toolName, arguments).allowed();
      }

      @Override
      public Decision decide(String toolName, Map<String, String> arguments) {
        Decision decision = rules.decide(toolName, arguments);
        if (decision.allowed() || !Decision.APPROVAL_REQUIRED.equals(decision.reason())) {
          return decision;
        }
        if (resumed != null) {
          return approves(resumed, toolName, arguments)
              ? Decision.ALLOW
              : Decision.deny(Decision.NOT_APPROVED);
        }
        return approvals.enabled() ? Decision.deny(Decision.AWAIT_APPROVAL) : decision;
      }
    };
  }

  /** Whether {@code request} is the approval of this very call. */
  static boolean approves(ApprovalRequest request, String tool, Map<String, String> arguments) {
    return request.kind() == ApprovalRequest.Kind.TOOL
        && request.status() == ApprovalRequest.Status.APPROVED
        && tool.equals(request.what().get(TOOL))
        && argumentsHash(arguments).equals(request.what().get(ARGUMENTS_SHA256));
  }

  /**
   * The hex SHA-256 of a call's arguments in a canonical form (sorted by name, each name and value
   * length-prefixed), so that the approved call is recognised without storing its values in clear.
   */
  public static String argumentsHash(Map<String, String> arguments) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(arguments)
        .forEach(
            (name, value) -> {
              String v = value == null ? "" : value;
              canonical.append(name.length()).append(':').append(name);
              canonical.append(v.length()).append(':').append(v);
            });
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
