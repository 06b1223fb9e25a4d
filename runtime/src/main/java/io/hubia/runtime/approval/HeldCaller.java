package io.hubia.runtime.approval;

import io.hubia.runtime.identity.Caller;
import java.util.List;
import java.util.Map;

/**
 * The caller of a held request, as stored with it: enough to apply the read rules and write the
 * audit claims when the request runs again after approval, nothing more (never a token).
 */
public record HeldCaller(
    String subject,
    String issuer,
    List<String> roles,
    Map<String, List<String>> attributes,
    Map<String, Object> claims) {

  /** What is kept of {@code caller}. */
  public static HeldCaller of(Caller caller) {
    return new HeldCaller(
        caller.subject(), caller.issuer(), caller.roles(), caller.attributes(), caller.claims());
  }

  /** The caller again. */
  public Caller caller() {
    return new Caller(subject, issuer, roles, attributes, claims);
  }
}
