package io.hubia.runtime.ingest.cmis;

import io.hubia.runtime.ingest.SkipCode;
import org.apache.chemistry.opencmis.commons.exceptions.CmisBaseException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisConnectionException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisConstraintException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisPermissionDeniedException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisProxyAuthenticationException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisServiceUnavailableException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisStreamNotSupportedException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisTooManyRequestsException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisUnauthorizedException;

/**
 * How CMIS failures are told apart and described: those of one document (skipped with a code) from
 * those of the whole source (the server stopped answering, the credentials were refused mid-pass),
 * and messages cleared of the source's credentials.
 */
final class CmisFailures {
  private static final int MAX_DETAIL = 300;
  private static final String REDACTED = "***";

  private CmisFailures() {}

  /**
   * Whether a failure while reading one document means that the source as a whole cannot be read:
   * the server is unreachable or overloaded, or no longer accepts the credentials. Skipping every
   * document instead would let the pipeline delete them from the index.
   */
  static boolean sourceLevel(CmisBaseException e) {
    return e instanceof CmisConnectionException
        || e instanceof CmisUnauthorizedException
        || e instanceof CmisProxyAuthenticationException
        || e instanceof CmisServiceUnavailableException
        || e instanceof CmisTooManyRequestsException;
  }

  /** The skip code of a failure of one document that is not {@link #sourceLevel}. */
  static SkipCode skipCode(CmisBaseException e) {
    if (e instanceof CmisPermissionDeniedException) {
      return SkipCode.AccessDenied;
    }
    if (e instanceof CmisConstraintException || e instanceof CmisStreamNotSupportedException) {
      // the repository's word for "this document has no content stream"
      return SkipCode.Empty;
    }
    return SkipCode.HttpError;
  }

  /** The reason reported for a failure of one document, with its {@link #skipCode}. */
  static String skipReason(CmisBaseException e) {
    return switch (skipCode(e)) {
      case AccessDenied -> "the repository denies this user access to it: " + describe(e);
      case Empty -> "no content stream: " + describe(e);
      default -> "the repository answered an error (" + e.getExceptionName() + "): " + describe(e);
    };
  }

  /** The first line of a failure's message, abbreviated, or its kind when it has none. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e instanceof CmisBaseException cmis
          ? cmis.getExceptionName()
          : e.getClass().getSimpleName();
    }
    String line = message.strip().lines().findFirst().orElse("").strip();
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "…";
  }

  /** {@code message} with the user name and password of {@code credentials} masked. */
  static String redact(String message, CmisSessions.Credentials credentials) {
    if (message == null || credentials == null) {
      return message;
    }
    String result = message;
    if (credentials.password() != null && !credentials.password().isEmpty()) {
      result = result.replace(credentials.password(), REDACTED);
    }
    if (credentials.username() != null && !credentials.username().isEmpty()) {
      result = result.replace(credentials.username(), REDACTED);
    }
    return result;
  }
}
