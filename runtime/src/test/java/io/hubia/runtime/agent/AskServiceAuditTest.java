package io.hubia.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.answer.Evidence;
import io.hubia.runtime.audit.AuditEvent;
import io.hubia.search.retrieve.RetrievedChunk;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the audit event says of the retrieved and cited chunks: their index and its version. */
class AskServiceAuditTest {
  private static RuntimeConfig.Index index(String name, Long contentGeneration) {
    RuntimeConfig.Index index = new RuntimeConfig.Index();
    index.setName(name);
    index.setContentGeneration(contentGeneration);
    return index;
  }

  private static Evidence evidence(int number, String documentId, int position, double relevance) {
    RetrievedChunk chunk =
        new RetrievedChunk(
            documentId + "#" + position,
            documentId,
            "Title",
            null,
            position,
            List.of("public"),
            List.of(),
            "Text.",
            null,
            1.0,
            null,
            0.5);
    return new Evidence(number, chunk, relevance);
  }

  @Test
  void eachRetrievedChunkNamesItsIndexAndItsContentGeneration() {
    Evidence national = evidence(1, "national:conges.md", 0, 0.81234);
    Evidence branch = evidence(2, "branche:note.md", 3, 0.5);
    Evidence unknown = evidence(3, "other:doc.md", 0, 0.4);
    Map<String, RuntimeConfig.Index> indexOfChunk =
        Map.of(
            national.chunk().chunkId(), index("fiches-nationales", 3L),
            branch.chunk().chunkId(), index("notes-branche", null));

    List<AuditEvent.Retrieved> retrieved =
        AskService.auditRetrieved(List.of(national, branch, unknown), indexOfChunk);

    assertThat(retrieved)
        .containsExactly(
            new AuditEvent.Retrieved(
                "fiches-nationales", "national:conges.md", "national:conges.md#0", "3", 0.812),
            new AuditEvent.Retrieved(
                "notes-branche", "branche:note.md", "branche:note.md#3", null, 0.5),
            new AuditEvent.Retrieved(null, "other:doc.md", "other:doc.md#0", null, 0.4));
  }

  @Test
  void citationsCarryTheVersionTheyWereReadFrom() {
    Evidence national = evidence(1, "national:conges.md", 0, 0.8);
    List<AuditEvent.Citation> citations =
        AskService.auditCitations(
            List.of(national), Map.of(national.chunk().chunkId(), index("fiches-nationales", 7L)));
    assertThat(citations)
        .containsExactly(
            new AuditEvent.Citation("national:conges.md", "national:conges.md#0", "7"));
  }
}
