package io.hubia.operator.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.check.RetrievalIndexValidator;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.ChunkingSpec;
import io.hubia.api.v1alpha1.spec.EmbeddingProvider;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.spec.SyncSpec;
import io.hubia.operator.ExampleResources;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetrievalIndexValidatorTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static RetrievalIndexSpec spec(Consumer<RetrievalIndexSpec> change) {
    RetrievalIndexSpec spec =
        ExampleResources.load("retrievalindex", RetrievalIndex.class).getSpec();
    change.accept(spec);
    return spec;
  }

  private static Arguments problem(
      String name, Consumer<RetrievalIndexSpec> change, String expected) {
    return Arguments.of(Named.of(name, change), expected);
  }

  private static final String WINDOW_PROBLEM =
      "spec.chunking.maxTokens is 256 but the InProcess model embeds only the first 128 tokens of"
          + " a chunk: set 128 or less, or use an embedding endpoint with a larger window";

  static Stream<Arguments> singleProblems() {
    return Stream.of(
        problem(
            "no source",
            s -> {
              s.getSources().clear();
              s.getLabelMapping().getRules().remove(0);
            },
            "spec.sources needs at least one source"),
        problem(
            "source declared twice",
            s -> s.getSources().add(SERIALIZATION.clone(s.getSources().get(0))),
            "spec.sources lists 'guides' twice: names must be unique"),
        problem(
            "source without type",
            s -> s.getSources().get(0).setType(null),
            "spec.sources[guides].type is missing or unknown: use Files, Web, Hydra or Cmis"),
        problem(
            "Files source without files",
            s -> s.getSources().get(0).setFiles(null),
            "spec.sources[guides] is of type Files and needs 'files'"),
        problem(
            "Web source without web",
            s -> s.getSources().get(1).setWeb(null),
            "spec.sources[site] is of type Web and needs 'web'"),
        problem(
            "Hydra source without hydra",
            s -> s.getSources().get(2).setHydra(null),
            "spec.sources[crm] is of type Hydra and needs 'hydra'"),
        problem(
            "Cmis source without cmis",
            s -> s.getSources().get(3).setCmis(null),
            "spec.sources[ged] is of type Cmis and needs 'cmis'"),
        problem(
            "Files source with web settings too",
            s -> s.getSources().get(0).setWeb(s.getSources().get(1).getWeb()),
            "spec.sources[guides] sets settings of another type than Files: remove them"),
        problem(
            "no default labels",
            s -> s.getLabelMapping().getDefaultLabels().clear(),
            "spec.labelMapping.defaultLabels is required: choose the most restrictive label for"
                + " documents no rule matches"),
        problem(
            "no label mapping",
            s -> s.setLabelMapping(null),
            "spec.labelMapping.defaultLabels is required: choose the most restrictive label for"
                + " documents no rule matches"),
        problem(
            "label rule on an unknown source",
            s -> s.getLabelMapping().getRules().get(0).setSource("ghost"),
            "spec.labelMapping.rules[0].source 'ghost' is not one of spec.sources [guides, site,"
                + " crm, ged]"),
        problem(
            "embedding without provider",
            s -> s.getEmbedding().setProvider(null),
            "spec.embedding.provider is missing or unknown: use InProcess, OpenAICompatible or"
                + " Ollama"),
        problem(
            "InProcess embedding of another dimension",
            s -> s.getEmbedding().setDimension(768),
            "spec.embedding.dimension must be 384 for the InProcess model (all-MiniLM-L6-v2)"),
        problem(
            "chunks beyond the InProcess window",
            s -> s.getChunking().setMaxTokens(256),
            WINDOW_PROBLEM),
        problem(
            "chunks beyond the default InProcess window",
            s -> {
              s.setEmbedding(null);
              s.getChunking().setMaxTokens(256);
            },
            WINDOW_PROBLEM),
        problem(
            "OpenAICompatible embedding without endpoint",
            s -> {
              s.getEmbedding().setProvider(EmbeddingProvider.OpenAICompatible);
              s.getEmbedding().setDimension(1024);
            },
            "spec.embedding with provider OpenAICompatible needs 'endpoint' and 'dimension'"),
        problem(
            "Ollama embedding without dimension",
            s -> {
              s.getEmbedding().setProvider(EmbeddingProvider.Ollama);
              s.getEmbedding().setEndpoint("http://ollama.models.svc:11434");
              s.getEmbedding().setDimension(null);
            },
            "spec.embedding with provider Ollama needs 'endpoint' and 'dimension'"),
        problem(
            "sync timeout",
            s -> s.getSync().setTimeout("half an hour"),
            "spec.sync.timeout 'half an hour' is not a duration such as 500ms, 30s, 2m or 1h30m"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleProblems")
  void eachProblemIsReportedOnceNamingItsField(
      Consumer<RetrievalIndexSpec> change, String expected) {
    assertThat(RetrievalIndexValidator.validate(spec(change))).containsExactly(expected);
  }

  @Test
  void anInvalidPathGlobIsReportedWithItsRule() {
    RetrievalIndexSpec spec =
        spec(s -> s.getLabelMapping().getRules().get(1).setPathGlob("a/{b,c"));

    assertThat(RetrievalIndexValidator.validate(spec))
        .singleElement()
        .asString()
        .startsWith("spec.labelMapping.rules[1].pathGlob is not a valid glob: ");
  }

  @Test
  void theFullExampleIsValid() {
    assertThat(RetrievalIndexValidator.validate(spec(s -> {}))).isEmpty();
  }

  @Test
  void anEmbeddingEndpointAllowsLargerChunks() {
    RetrievalIndexSpec spec =
        spec(
            s -> {
              s.getEmbedding().setProvider(EmbeddingProvider.OpenAICompatible);
              s.getEmbedding().setModel("bge-m3");
              s.getEmbedding().setEndpoint("http://tei.models.svc:8080/v1");
              s.getEmbedding().setDimension(1024);
              s.getChunking().setMaxTokens(512);
            });

    assertThat(RetrievalIndexValidator.validate(spec)).isEmpty();
  }

  @Test
  void optionalPartsMayBeAbsent() {
    RetrievalIndexSpec spec =
        spec(
            s -> {
              s.setChunking(null);
              s.setEmbedding(null);
              s.setSync(null);
              s.getLabelMapping().getRules().clear();
            });

    assertThat(RetrievalIndexValidator.validate(spec)).isEmpty();
  }

  @Test
  void inProcessLimitsApplyOnlyWhenSet() {
    RetrievalIndexSpec spec =
        spec(
            s -> {
              s.getEmbedding().setDimension(null);
              s.setChunking(new ChunkingSpec());
              s.setSync(new SyncSpec());
            });

    assertThat(RetrievalIndexValidator.validate(spec)).isEmpty();
  }

  @Test
  void aMissingSpecIsOneProblem() {
    assertThat(RetrievalIndexValidator.validate(null)).containsExactly("spec is missing");
  }
}
