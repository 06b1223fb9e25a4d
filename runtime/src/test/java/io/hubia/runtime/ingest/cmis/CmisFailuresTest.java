package io.hubia.runtime.ingest.cmis;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.runtime.ingest.SkipCode;
import org.apache.chemistry.opencmis.commons.exceptions.CmisConnectionException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisConstraintException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisObjectNotFoundException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisPermissionDeniedException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisRuntimeException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisServiceUnavailableException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisUnauthorizedException;
import org.junit.jupiter.api.Test;

class CmisFailuresTest {
  @Test
  void theServerLostOrTheCredentialsRefusedAreFailuresOfTheSource() {
    assertThat(CmisFailures.sourceLevel(new CmisConnectionException("Connection refused")))
        .isTrue();
    assertThat(CmisFailures.sourceLevel(new CmisUnauthorizedException("Unauthorized"))).isTrue();
    assertThat(CmisFailures.sourceLevel(new CmisServiceUnavailableException("503"))).isTrue();
    assertThat(CmisFailures.sourceLevel(new CmisPermissionDeniedException("denied"))).isFalse();
    assertThat(CmisFailures.sourceLevel(new CmisRuntimeException("500"))).isFalse();
  }

  @Test
  void failuresOfOneDocumentHaveTheirCode() {
    assertThat(CmisFailures.skipCode(new CmisPermissionDeniedException("denied")))
        .isEqualTo(SkipCode.AccessDenied);
    assertThat(CmisFailures.skipCode(new CmisConstraintException("No content stream")))
        .isEqualTo(SkipCode.Empty);
    assertThat(CmisFailures.skipCode(new CmisRuntimeException("Internal error")))
        .isEqualTo(SkipCode.HttpError);
    assertThat(CmisFailures.skipReason(new CmisPermissionDeniedException("Access denied")))
        .isEqualTo("the repository denies this user access to it: Access denied");
    assertThat(CmisFailures.skipReason(new CmisObjectNotFoundException("gone")))
        .isEqualTo("the repository answered an error (objectNotFound): gone");
  }

  @Test
  void descriptionsKeepTheFirstLineAbbreviated() {
    assertThat(CmisFailures.describe(new CmisRuntimeException("Internal error\n<html>...")))
        .isEqualTo("Internal error");
    assertThat(CmisFailures.describe(new CmisRuntimeException("x".repeat(400))))
        .hasSize(301)
        .endsWith("…");
    assertThat(CmisFailures.describe(new CmisRuntimeException(null))).isEqualTo("runtime");
    assertThat(CmisFailures.describe(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
  }

  @Test
  void credentialsAreMaskedInMessages() {
    CmisSessions.Credentials credentials = new CmisSessions.Credentials("svc-hubia", "P@ss:w0rd");

    assertThat(
            CmisFailures.redact(
                "Cannot access http://svc-hubia:P@ss:w0rd@ged.local/cmis: refused", credentials))
        .isEqualTo("Cannot access http://***:***@ged.local/cmis: refused");
    assertThat(credentials.toString()).doesNotContain("svc-hubia", "P@ss:w0rd");
  }
}
