package io.hubia.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.QuestionStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The canonical form of format version 1 is frozen: stored hashes must stay verifiable. */
class AuditHashingTest {
  private static final AuditStore STORE =
      new AuditStore(
          new PGSimpleDataSource(), // never connected: toRecord only
          new AuditMetrics(new SimpleMeterRegistry()),
          Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC),
          () -> AuditOptions.DEFAULTS);

  private static AuditEvent sample() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "alice");
    claims.put("exp", 1767225600L);
    claims.put("score", 0.30000000000000004);
    claims.put("big", 1.0e10);
    claims.put("b", Map.of("z", "é\"", "a", List.of(1, 2.50, true)));
    return AuditEvent.builder()
        .eventId(UUID.fromString("00000000-0000-4000-8000-000000000001"))
        .occurredAt(Instant.parse("2026-03-01T10:15:30.123456789Z"))
        .namespace("hubia-demo")
        .workflow("assistant")
        .workflowGeneration(7L)
        .policy("membres")
        .policyGeneration(4L)
        .subject("alice")
        .claims(claims)
        .question("Quel préavis ?")
        .answer("Un mois [1].")
        .citations(List.of(new AuditEvent.Citation("doc-1", "doc-1#0", "3")))
        .retrieved(List.of(new AuditEvent.Retrieved("fiches", "doc-1", "doc-1#0", null, 0.87)))
        .decisions(List.of(new AuditEvent.Decision("read-rules", "allowed", null)))
        .model("mistral-small")
        .tokensIn(1200L)
        .tokensOut(80L)
        .latencyMs(950L)
        .traceId("trace-1")
        .build();
  }

  @Test
  void theCanonicalFormOfVersion1IsFrozen() {
    AuditRecord record =
        STORE.toRecord(sample(), AuditOptions.DEFAULTS).chained("ab".repeat(32), null);

    assertThat(AuditHashing.canonicalForm(record))
        .isEqualTo(
            "{\"answer\":\"Un mois [1].\",\"citations\":[{\"chunkId\":\"doc-1#0\","
                + "\"documentId\":\"doc-1\",\"version\":\"3\"}],\"claims\":{\"b\":{\"a\":[1,2.5,true],"
                + "\"z\":\"é\\\"\"},\"big\":10000000000,\"exp\":1767225600,"
                + "\"score\":0.30000000000000004,\"sub\":\"alice\"},\"decisions\":[{\"detail\":null,"
                + "\"outcome\":\"allowed\",\"step\":\"read-rules\"}],"
                + "\"eventId\":\"00000000-0000-4000-8000-000000000001\",\"fallback\":false,"
                + "\"fallbackReason\":null,\"latencyMs\":950,\"model\":\"mistral-small\","
                + "\"namespace\":\"hubia-demo\",\"occurredAt\":\"2026-03-01T10:15:30.123456Z\","
                + "\"policy\":\"membres\",\"policyGeneration\":4,\"prevHash\":\""
                + "ab".repeat(32)
                + "\",\"questionHash\":\""
                + AuditHashing.sha256Hex("Quel préavis ?")
                + "\",\"questionText\":null,\"retrieved\":[{\"chunkId\":\"doc-1#0\","
                + "\"documentId\":\"doc-1\",\"index\":\"fiches\",\"score\":0.87,\"version\":null}],"
                + "\"subject\":\"alice\",\"tokensIn\":1200,\"tokensOut\":80,\"traceId\":\"trace-1\","
                + "\"v\":1,\"workflow\":\"assistant\",\"workflowGeneration\":7}");
    assertThat(AuditHashing.hash(record))
        .isEqualTo(AuditHashing.sha256Hex(AuditHashing.canonicalForm(record)));
  }

  @Test
  void jsonReadBackFromPostgresGivesTheSameCanonicalText() {
    // jsonb prints numbers as they were written in plain notation, and strings unescaped
    assertThat(
            AuditHashing.write(AuditHashing.parse("{\"b\": [1, 2.50, 1E+2], \"a\": \"\\u00e9\"}")))
        .isEqualTo("{\"a\":\"é\",\"b\":[1,2.50,100]}");
    assertThat(AuditHashing.write(AuditHashing.parse("[100, 2.50]"))).isEqualTo("[100,2.50]");
  }

  @Test
  void appliesQuestionStorageAndAnswerSettings() {
    AuditEvent e = sample();
    AuditRecord text = STORE.toRecord(e, new AuditOptions(true, QuestionStorage.Text, true));
    assertThat(text.questionText()).isEqualTo("Quel préavis ?");
    assertThat(text.questionHash()).isNull();
    AuditRecord none = STORE.toRecord(e, new AuditOptions(true, QuestionStorage.None, false));
    assertThat(none.questionText()).isNull();
    assertThat(none.questionHash()).isNull();
    assertThat(none.answer()).isNull();
  }

  @Test
  void defaultsOfThePolicy() {
    assertThat(AuditOptions.from(null)).isEqualTo(AuditOptions.DEFAULTS);
    var spec = new io.hubia.api.v1alpha1.spec.AuditSpec();
    spec.setQuestionStorage(QuestionStorage.Text);
    assertThat(AuditOptions.from(spec))
        .isEqualTo(new AuditOptions(true, QuestionStorage.Text, true));
    spec.setFailClosed(false);
    spec.setStoreAnswers(false);
    assertThat(AuditOptions.from(spec))
        .isEqualTo(new AuditOptions(false, QuestionStorage.Text, false));
  }

  @Test
  void chainsHaveDistinctLockKeys() {
    assertThat(AuditStore.lockKey("a", "b")).isNotEqualTo(AuditStore.lockKey("a/b", ""));
    assertThat(AuditStore.lockKey("a", "b")).isEqualTo(AuditStore.lockKey("a", "b"));
  }
}
