package io.hubia.runtime.policy.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.PersonalDataType;
import io.hubia.api.v1alpha1.spec.RedactionTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogRedactionTest {
  private static final String EMAIL = "marie.dupont@exemple.fr";
  private static final String PHONE = "06 12 34 56 78";
  private static final String IBAN = TestNumbers.byFour(IbanDetectorTest.FR);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** The registry is process-wide: other tests compile workflows too. */
  @BeforeEach
  @AfterEach
  void forget() {
    LogRedaction.clear();
  }

  private RedactionPolicy policy(
      String workflow,
      List<PersonalDataType> types,
      String replacement,
      RedactionTarget... targets) {
    return new RedactionPolicy(
        workflow,
        List.of(targets),
        new PersonalDataRedactor(types, replacement),
        new RedactionMetrics(registry));
  }

  private static ExtLogRecord record(String workflow, String format, Object... parameters) {
    ExtLogRecord record =
        new ExtLogRecord(Level.WARNING, format, ExtLogRecord.FormatStyle.PRINTF, "test");
    record.setParameters(parameters);
    if (workflow != null) {
      record.putMdc(LogRedaction.MDC_WORKFLOW, workflow);
    }
    return record;
  }

  @Test
  void aRecordOfARequestIsRedactedByItsWorkflowsPolicy() {
    LogRedaction.register(policy("assistant", null, null, RedactionTarget.Logs));
    ExtLogRecord record = record("assistant", "tool failed for %s (%d)", EMAIL, 3);

    assertThat(new LogRedactionFilter().isLoggable(record)).isTrue();

    assertThat(record.getFormattedMessage()).isEqualTo("tool failed for [EMAIL] (3)");
    assertThat(record.getParameters()).isNull();
    assertThat(
            registry
                .get("hubia.redactions")
                .tags("workflow", "assistant", "type", "Email", "target", "Logs")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void aWorkflowThatDoesNotRedactLogsKeepsItsRecords() {
    LogRedaction.register(policy("assistant", null, null, RedactionTarget.Logs));
    LogRedaction.register(policy("assistant", null, null, RedactionTarget.Audit));
    LogRedaction.register(policy("other", null, null, RedactionTarget.Logs));
    ExtLogRecord record = record("assistant", "asked by %s", EMAIL);
    LogRedaction.redact(record);
    assertThat(record.getFormattedMessage()).isEqualTo("asked by " + EMAIL);
    assertThat(LogRedaction.workflows()).containsExactly("other");
  }

  @Test
  void aWorkflowNotCompiledYetIsRedactedLikeRecordsOutsideRequests() {
    LogRedaction.register(policy("assistant", null, null, RedactionTarget.Logs));
    // the workflow's name comes from the request's path: it may be unknown, or not compiled yet
    assertThat(LogRedaction.redact("nouveau", "asked by " + EMAIL)).isEqualTo("asked by [EMAIL]");
  }

  @Test
  void recordsOutsideRequestsGetEveryKindAnyPolicyRedactsInLogs() {
    LogRedaction.register(
        policy("a", List.of(PersonalDataType.Email), "[{type}]", RedactionTarget.Logs));
    LogRedaction.register(
        policy("b", List.of(PersonalDataType.Iban), "[{type}]", RedactionTarget.Logs));
    ExtLogRecord record = record(null, "skipped %s, %s, %s", EMAIL, IBAN, PHONE);
    LogRedaction.redact(record);
    assertThat(record.getFormattedMessage()).isEqualTo("skipped [EMAIL], [IBAN], " + PHONE);

    LogRecord plain = new LogRecord(Level.INFO, "contact {0}");
    plain.setParameters(new Object[] {EMAIL});
    LogRedaction.redact(plain);
    assertThat(plain.getMessage()).isEqualTo("contact [EMAIL]");
    assertThat(plain.getParameters()).isNull();
  }

  @Test
  void policiesThatDisagreeOnTheReplacementGetTheDefaultOutsideRequests() {
    LogRedaction.register(policy("a", null, "***", RedactionTarget.Logs));
    LogRedaction.register(policy("b", null, "<{type}>", RedactionTarget.Logs));
    assertThat(LogRedaction.redact(null, "to " + EMAIL)).isEqualTo("to [EMAIL]");
    assertThat(LogRedaction.redact("a", "to " + EMAIL)).isEqualTo("to ***");
  }

  @Test
  void exceptionMessagesAreRedactedAndTheirStackKept() {
    LogRedaction.register(policy("assistant", null, null, RedactionTarget.Logs));
    IllegalStateException cause = new IllegalStateException("no such user " + EMAIL);
    RuntimeException thrown = new RuntimeException("lookup failed", cause);
    ExtLogRecord record = record("assistant", "request failed");
    record.setThrown(thrown);

    LogRedaction.redact(record);

    Throwable logged = record.getThrown();
    StringWriter printed = new StringWriter();
    logged.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString())
        .doesNotContain(EMAIL)
        .contains("java.lang.RuntimeException: lookup failed")
        .contains("Caused by: java.lang.IllegalStateException: no such user [EMAIL]")
        .contains("LogRedactionTest.exceptionMessagesAreRedactedAndTheirStackKept");
    assertThat(logged.getStackTrace()).isEqualTo(thrown.getStackTrace());
  }

  @Test
  void anExceptionWithoutPersonalDataIsLoggedAsItIs() {
    LogRedaction.register(policy("assistant", null, null, RedactionTarget.Logs));
    RuntimeException thrown = new RuntimeException("timeout", new IllegalStateException("x"));
    ExtLogRecord record = record("assistant", "failed");
    record.setThrown(thrown);
    LogRedaction.redact(record);
    assertThat(record.getThrown()).isSameAs(thrown);
  }

  @Test
  void nothingRegisteredNothingChanged() {
    ExtLogRecord record = record(null, "mail %s", EMAIL);
    LogRedaction.redact(record);
    assertThat(record.getFormattedMessage()).isEqualTo("mail " + EMAIL);
  }
}
