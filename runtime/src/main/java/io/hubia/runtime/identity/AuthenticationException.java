package io.hubia.runtime.identity;

import io.hubia.runtime.api.ProblemException;
import io.hubia.runtime.api.ProblemTypes;

/**
 * The caller could not be authenticated. Answered as problem details (401, or 503 when the identity
 * provider's keys cannot be fetched) with a {@code WWW-Authenticate: Bearer} challenge. The detail
 * is fixed per {@link Reason}: never the token, its claims or a library message.
 */
public class AuthenticationException extends ProblemException {
  private static final long serialVersionUID = 1L;

  /** Why, each with a fixed, token-free description. */
  public enum Reason {
    MISSING(
        ProblemTypes.AUTHENTICATION_REQUIRED,
        "Authentication required",
        401,
        "This request needs an 'Authorization: Bearer <token>' header."),
    MALFORMED(
        ProblemTypes.INVALID_TOKEN,
        "Invalid token",
        401,
        "The Authorization header does not hold a well-formed signed JWT bearer token."),
    EXPIRED(ProblemTypes.INVALID_TOKEN, "Invalid token", 401, "The bearer token has expired."),
    NOT_YET_VALID(
        ProblemTypes.INVALID_TOKEN, "Invalid token", 401, "The bearer token is not valid yet."),
    UNTRUSTED_ISSUER(
        ProblemTypes.INVALID_TOKEN,
        "Invalid token",
        401,
        "The bearer token's issuer is not trusted by this runtime."),
    BAD_SIGNATURE(
        ProblemTypes.INVALID_TOKEN,
        "Invalid token",
        401,
        "The bearer token's signature does not verify with its issuer's keys."),
    WRONG_AUDIENCE(
        ProblemTypes.INVALID_TOKEN,
        "Invalid token",
        401,
        "The bearer token is not meant for this runtime (audience)."),
    CLIENT_NOT_ALLOWED(
        ProblemTypes.INVALID_TOKEN,
        "Invalid token",
        401,
        "The bearer token was issued to a client (azp) this runtime does not accept."),
    INVALID(
        ProblemTypes.INVALID_TOKEN,
        "Invalid token",
        401,
        "The bearer token was rejected: it lacks a required claim (sub, exp) or holds an invalid"
            + " one."),
    KEYS_UNAVAILABLE(
        ProblemTypes.IDENTITY_UNAVAILABLE,
        "Identity provider unavailable",
        503,
        "The identity provider's signing keys cannot be fetched; try again later.");

    final String type;
    final String title;
    final int status;
    final String detail;

    Reason(String type, String title, int status, String detail) {
      this.type = type;
      this.title = title;
      this.status = status;
      this.detail = detail;
    }
  }

  private final Reason reason;

  public AuthenticationException(Reason reason) {
    super(reason.type, reason.title, reason.status, reason.detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The {@code WWW-Authenticate} challenge of RFC 6750, or {@code null} for a 503. */
  public String challenge() {
    return switch (reason) {
      case MISSING -> "Bearer realm=\"hubia\"";
      case KEYS_UNAVAILABLE -> null;
      default ->
          "Bearer realm=\"hubia\", error=\"invalid_token\", error_description=\""
              + reason.detail.replace("\"", "'")
              + "\"";
    };
  }
}
