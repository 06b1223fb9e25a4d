package io.hubia.operator.workflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.audit.AuditHealthReport;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.status.AuditHealth;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.events.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit part of an AgentWorkflow's status, from report documents in the runtime's format
 * (docs/audit.md). The runtime producing them, and the operator reading them over HTTP, are
 * exercised together by {@code AuditHealthIT}.
 */
class AuditHealthStatusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentWorkflow workflow = ExampleResources.workflow();

  private static AuditHealthReader.Read read(String json) throws Exception {
    return new AuditHealthReader.Read(JSON.readValue(json, AuditHealthReport.class));
  }

  private static final String HEALTHY =
      """
      {"formatVersion":1,"state":"Active","canWrite":true,"failClosed":true,"eventsWritten":12,
       "failures":1,"consecutiveFailures":0,"lastEventTime":"2026-03-02T09:59:58.100Z",
       "verifications":[
         {"namespace":"team-a","workflow":"other","source":"database","time":"2026-03-02T09:00:00Z",
          "intact":false,"eventsChecked":3,"brokenLinks":1},
         {"namespace":"team-a","workflow":"assistant","source":"database",
          "time":"2026-03-02T09:30:00.400Z","durationMillis":40,"intact":true,"eventsChecked":12,
          "brokenLinks":0,"headHash":"ab"}],
       "someFutureField":"ignored"}
      """;

  @Test
  void anIntactChainAndWorkingWritesAreHealthy() throws Exception {
    AuditHealthStatus.Result result = AuditHealthStatus.of(workflow, read(HEALTHY), null);

    assertThat(result.conditionStatus()).isEqualTo("True");
    assertThat(result.reason()).isEqualTo(Reason.AuditHealthy);
    assertThat(result.message())
        .isEqualTo(
            "The runtime writes audit events; the latest verification found the chain intact");
    AuditHealth audit = result.audit();
    assertThat(audit.getState()).isEqualTo("Healthy");
    assertThat(audit.getEventsWritten()).isEqualTo(12);
    assertThat(audit.getFailures()).isEqualTo(1);
    assertThat(audit.getLastEventTime()).isEqualTo("2026-03-02T09:59:58.100Z");
    assertThat(audit.getChainVerified()).as("this workflow's chain, not another's").isTrue();
    assertThat(audit.getLastVerificationTime()).isEqualTo("2026-03-02T09:30:00.400Z");
  }

  @Test
  void noVerificationYetIsStillHealthy() throws Exception {
    AuditHealthStatus.Result result =
        AuditHealthStatus.of(
            workflow,
            read(
                "{\"state\":\"Active\",\"canWrite\":true,\"eventsWritten\":0,\"verifications\":[]}"),
            null);

    assertThat(result.reason()).isEqualTo(Reason.AuditHealthy);
    assertThat(result.message()).endsWith("the chain has not been verified yet");
    assertThat(result.audit().getChainVerified()).isNull();
  }

  @Test
  void aBrokenChainWinsOverEverythingElse() throws Exception {
    String json =
        """
        {"state":"Active","canWrite":false,"lastError":"PSQLException [08001] refused",
         "verifications":[{"namespace":"team-a","workflow":"assistant","time":"2026-03-02T10:00:00Z",
          "intact":false,"eventsChecked":40,"brokenLinks":2,
          "firstBroken":{"id":17,"eventId":"5b0c","problem":"HashMismatch",
                         "detail":"event 17 hashes to aa but its stored hash is bb"}}]}
        """;
    AuditHealthStatus.Result result = AuditHealthStatus.of(workflow, read(json), null);

    assertThat(result.conditionStatus()).isEqualTo("False");
    assertThat(result.reason()).isEqualTo(Reason.ChainBroken);
    assertThat(result.reason().isWarning()).isTrue();
    assertThat(result.message())
        .isEqualTo(
            "The audit chain is broken at event id 17 (5b0c): HashMismatch: event 17 hashes to aa"
                + " but its stored hash is bb. See docs/runbooks/audit.md");
    assertThat(result.audit().getState()).isEqualTo("Degraded");
    assertThat(result.audit().getChainVerified()).isFalse();
  }

  @Test
  void aStoreThatCannotWriteSaysWhetherAnswersAreRefused() throws Exception {
    String closed =
        "{\"state\":\"Active\",\"canWrite\":false,\"failClosed\":true,\"failures\":4,"
            + "\"lastError\":\"PSQLException [08001] Connection refused\"}";
    AuditHealthStatus.Result refused = AuditHealthStatus.of(workflow, read(closed), null);
    assertThat(refused.reason()).isEqualTo(Reason.AuditWriteFailures);
    assertThat(refused.message())
        .isEqualTo(
            "The runtime cannot write audit events (store Active: PSQLException [08001]"
                + " Connection refused); answers are refused until it can");
    assertThat(refused.audit().getFailures()).isEqualTo(4);

    String open = closed.replace("\"failClosed\":true", "\"failClosed\":false");
    assertThat(AuditHealthStatus.of(workflow, read(open), null).message())
        .endsWith("answers are given without audit records (audit.failClosed: false)");

    String unconfigured = "{\"state\":\"NotConfigured\",\"canWrite\":false}";
    assertThat(AuditHealthStatus.of(workflow, read(unconfigured), null).message())
        .startsWith("The runtime cannot write audit events (store NotConfigured)");
  }

  @Test
  void aVerificationThatCouldNotRunKeepsTheLastResult() throws Exception {
    AuditHealth previous = new AuditHealth();
    previous.setChainVerified(false);
    previous.setLastVerificationTime("2026-03-02T09:00:00Z");
    String json =
        """
        {"state":"Active","canWrite":true,
         "verifications":[{"namespace":"team-a","workflow":"assistant","time":"2026-03-02T10:00:00Z",
          "error":"SQLTimeoutException"}]}
        """;

    AuditHealthStatus.Result result = AuditHealthStatus.of(workflow, read(json), previous);

    assertThat(result.audit().getChainVerified()).isFalse();
    assertThat(result.audit().getLastVerificationTime()).isEqualTo("2026-03-02T09:00:00Z");
  }

  @Test
  void unreachableAndAbsentRuntimesKeepTheFigures() {
    AuditHealth previous = new AuditHealth();
    previous.setState("Healthy");
    previous.setEventsWritten(99L);
    previous.setChainVerified(true);

    AuditHealthStatus.Result unreachable =
        AuditHealthStatus.of(
            workflow,
            new AuditHealthReader.Unreachable(
                "http://assistant.team-a.svc:8080/v1/audit/health"
                    + " cannot be read: ConnectException"),
            previous);
    assertThat(unreachable.conditionStatus()).isEqualTo("False");
    assertThat(unreachable.reason()).isEqualTo(Reason.AuditUnreachable);
    assertThat(unreachable.message()).contains("ConnectException");
    assertThat(unreachable.audit().getState()).isEqualTo("Unknown");
    assertThat(unreachable.audit().getEventsWritten()).isEqualTo(99);
    assertThat(unreachable.audit().getChainVerified()).isTrue();

    AuditHealthStatus.Result none = AuditHealthStatus.of(workflow, null, previous);
    assertThat(none.conditionStatus()).isEqualTo("Unknown");
    assertThat(none.reason()).isEqualTo(Reason.NoRuntimeAvailable);
    assertThat(none.audit().getEventsWritten()).isEqualTo(99);
    assertThat(AuditHealthStatus.of(workflow, null, null).audit().getState()).isEqualTo("Unknown");
  }

  @Test
  void messagesDoNotChangeWithCountersSoASteadyStateWritesNothing() throws Exception {
    AuditHealthStatus.Result first = AuditHealthStatus.of(workflow, read(HEALTHY), null);
    AuditHealthStatus.Result later =
        AuditHealthStatus.of(
            workflow, read(HEALTHY.replace("\"eventsWritten\":12", "\"eventsWritten\":13")), null);
    assertThat(later.message()).isEqualTo(first.message());
    assertThat(List.of(first.reason(), later.reason())).containsOnly(Reason.AuditHealthy);
  }
}
