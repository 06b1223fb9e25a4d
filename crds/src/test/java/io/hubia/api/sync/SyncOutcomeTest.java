package io.hubia.api.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.status.SkippedDocument;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SyncOutcomeTest {

  @Test
  void aSmallOutcomeRoundTripsUnchanged() throws Exception {
    SyncOutcome outcome = outcome(2, 50);
    SyncOutcome read = SyncOutcome.parse(outcome.toMessage());
    assertThat(read).isEqualTo(outcome);
  }

  @Test
  void aLargeOutcomeFitsTheTerminationMessageAndKeepsItsCounts() throws Exception {
    SyncOutcome outcome = outcome(SyncOutcome.MAX_SKIPPED_LISTED, 900);
    outcome.setSkippedDocuments(12_345);
    outcome.setMessage("é".repeat(5000));
    String message = outcome.toMessage();

    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(IngestionJobContract.TERMINATION_MESSAGE_LIMIT);
    SyncOutcome read = SyncOutcome.parse(message);
    assertThat(read.getSkippedDocuments()).isEqualTo(12_345);
    assertThat(read.getDocuments()).isEqualTo(outcome.getDocuments());
    assertThat(read.getChunks()).isEqualTo(outcome.getChunks());
    assertThat(read.getPhysicalIndex()).isEqualTo(outcome.getPhysicalIndex());
    assertThat(read.getSkipped()).hasSizeGreaterThanOrEqualTo(1);
    assertThat(outcome.getSkipped()).as("the original is left whole").hasSize(20);
  }

  @Test
  void unknownFieldsOfANewerJobAreIgnored() throws Exception {
    SyncOutcome read =
        SyncOutcome.parse("{\"formatVersion\":1,\"succeeded\":true,\"documents\":3,\"later\":1}");
    assertThat(read.isSucceeded()).isTrue();
    assertThat(read.getDocuments()).isEqualTo(3);
  }

  private static SyncOutcome outcome(int skipped, int reasonLength) {
    SyncOutcome outcome = new SyncOutcome();
    outcome.setMode(SyncOutcome.Mode.Incremental);
    outcome.setSucceeded(true);
    outcome.setPhysicalIndex("hubia.federation.fiches.v3");
    outcome.setDocuments(761);
    outcome.setChunks(2068);
    outcome.setEmbedded(12);
    outcome.setSkippedDocuments(skipped);
    for (int i = 0; i < skipped; i++) {
      SkippedDocument s = new SkippedDocument();
      s.setSource("fiches");
      s.setDocumentId("juridique/statuts-" + i + ".pdf");
      s.setReason("Corrupt: " + "x".repeat(reasonLength));
      outcome.getSkipped().add(s);
    }
    outcome.setContentChanged(true);
    outcome.setEmbeddingModel("all-MiniLM-L6-v2/384");
    return outcome;
  }
}
