package io.hubia.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.v1alpha1.spec.FlaggedDocumentAction;
import io.hubia.api.v1alpha1.spec.InjectionDefenceSpec;
import io.hubia.api.v1alpha1.spec.Language;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.RuntimeConfigLoader;
import io.hubia.runtime.ingest.embed.InProcessEmbedder;
import io.hubia.runtime.policy.redaction.RedactionMetrics;
import io.hubia.runtime.testing.SampleConfig;
import io.hubia.search.ChunkFields;
import io.hubia.search.retrieve.RetrievalRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The injection defence a workflow compiles from its PolicySet, and the read filter that question
 * retrieval and IndexLookup tools share ({@link CompiledWorkflow#retrievalRequest}): the caller's
 * readable labels and the excluded flags, on every request.
 */
class CompiledWorkflowInjectionTest {

  private static CompiledWorkflow compile(InjectionDefenceSpec injection) throws Exception {
    ConfigSnapshot snapshot =
        new RuntimeConfigLoader()
            .parse(
                SampleConfig.valid("assistant", 1, "membres", 1).getBytes(StandardCharsets.UTF_8),
                "test");
    snapshot.config().getPolicy().getSpec().setInjection(injection);
    return new CompiledWorkflow(snapshot, new InProcessEmbedder(), RedactionMetrics.none());
  }

  private static RetrievalRequest request(CompiledWorkflow w) {
    return w.retrievalRequest(
        w.snapshot.config().getIndexes().get(0),
        "congés",
        new float[384],
        Set.of("membres"),
        Language.FR);
  }

  @Test
  void byDefaultFlaggedChunksAreNeverFetchedAndOnlyReadableLabelsAre() throws Exception {
    CompiledWorkflow w = compile(null);
    RetrievalRequest request = request(w);

    assertThat(request.readableLabels()).containsExactly("membres");
    assertThat(request.excludedFlags()).containsExactly(ChunkFields.FLAG_INJECTION_SUSPECTED);
    assertThat(request.aliases()).containsExactly(w.alias(w.snapshot.config().getIndexes().get(0)));
    assertThat(w.injection.refuses()).isTrue();
  }

  @Test
  void includeWithWarningFetchesFlaggedChunksButStillOnlyReadableOnes() throws Exception {
    InjectionDefenceSpec spec = new InjectionDefenceSpec();
    spec.setFlaggedDocuments(FlaggedDocumentAction.IncludeWithWarning);
    RetrievalRequest request = request(compile(spec));

    assertThat(request.excludedFlags()).isEmpty();
    assertThat(request.readableLabels()).containsExactly("membres");
  }
}
