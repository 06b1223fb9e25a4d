package io.hubia.operator.workflow.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.sync.IngestionJobContract;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.PolicySet;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.ComputeResources;
import io.hubia.api.v1alpha1.spec.EgressRule;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.PullPolicy;
import io.hubia.api.v1alpha1.spec.ResourceAmounts;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.operator.ExampleResources;
import io.hubia.operator.OperatorSettings;
import io.hubia.operator.workflow.ResolvedReferences;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuntimeConfigRendererTest {
  private static final OperatorSettings SETTINGS = ExampleResources.settings();

  /** One render input changed by a test. */
  private static final class Inputs {
    final AgentWorkflow workflow = ExampleResources.workflow();
    final PolicySet policy = ExampleResources.policy();
    final List<RetrievalIndex> indexes =
        List.of(ExampleResources.index("guides"), ExampleResources.index("crm-articles"));
    OperatorSettings settings = SETTINGS;

    RenderedConfig render() {
      return RuntimeConfigRenderer.render(
          workflow,
          new ResolvedReferences(policy, indexes).policy(),
          new ResolvedReferences(policy, indexes).indexes(),
          settings.platform());
    }
  }

  private static RenderedConfig render(Consumer<Inputs> change) {
    Inputs inputs = new Inputs();
    change.accept(inputs);
    return inputs.render();
  }

  private static final RenderedConfig BASELINE = render(i -> {});

  private static Arguments change(String name, Consumer<Inputs> change) {
    return Arguments.of(Named.of(name, change));
  }

  static Stream<Arguments> changesThatOnlyShapeTheDeployment() {
    return Stream.of(
        change("replicas", i -> i.workflow.getSpec().setReplicas(9)),
        change("replicas unset", i -> i.workflow.getSpec().setReplicas(null)),
        change("image", i -> i.workflow.getSpec().setImage("registry.example.org/other:9")),
        change("pull policy", i -> i.workflow.getSpec().setImagePullPolicy(PullPolicy.Never)),
        change(
            "resources",
            i -> {
              ComputeResources resources = new ComputeResources();
              resources.setLimits(new ResourceAmounts());
              resources.getLimits().setMemory("8Gi");
              i.workflow.getSpec().setResources(resources);
            }),
        change(
            "egress",
            i -> {
              EgressRule rule = new EgressRule();
              rule.setCidr("192.168.0.0/24");
              i.workflow.getSpec().getEgress().add(rule);
            }),
        change("evaluation", i -> i.workflow.getSpec().getEvaluation().setGate(false)),
        change("workflow generation", i -> i.workflow.getMetadata().setGeneration(40L)),
        change("policy generation", i -> i.policy.getMetadata().setGeneration(20L)),
        change("workflow resourceVersion", i -> i.workflow.getMetadata().setResourceVersion("99")),
        change("index document count", i -> i.indexes.get(0).getStatus().setDocuments(12_345L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changesThatOnlyShapeTheDeployment")
  void hashIgnoresWhatDoesNotReachTheRuntime(Consumer<Inputs> change) {
    assertThat(render(change).hash()).isEqualTo(BASELINE.hash());
  }

  static Stream<Arguments> changesTheRuntimeSees() {
    return Stream.of(
        change("system prompt", i -> i.workflow.getSpec().getPrompts().setSystem("Be brief.")),
        change("prompts removed", i -> i.workflow.getSpec().setPrompts(null)),
        change("model name", i -> i.workflow.getSpec().getModel().setName("mistral-large-latest")),
        change("model temperature", i -> i.workflow.getSpec().getModel().setTemperature(0.7)),
        change(
            "model key",
            i -> i.workflow.getSpec().getModel().getApiKeySecretRef().setKey("other-key")),
        change("index topK", i -> i.workflow.getSpec().getIndexes().get(0).setTopK(10)),
        change("policy spec", i -> i.policy.getSpec().getCitations().setMinSupportScore(0.8)),
        change("policy read rule", i -> i.policy.getSpec().getReadRules().remove(0)),
        change("index alias", i -> i.indexes.get(0).getStatus().setAlias("hubia.team-a.guides-v2")),
        change(
            "OpenSearch URL",
            i ->
                i.settings =
                    new OperatorSettings(
                        SETTINGS.namespaces(),
                        SETTINGS.runtimeImage(),
                        "https://opensearch.other.svc:9200",
                        SETTINGS.opensearchSecretName(),
                        SETTINGS.auditJdbcUrl(),
                        SETTINGS.auditSecretName(),
                        false,
                        SETTINGS.leaseName(),
                        null,
                        0,
                        10)),
        change(
            "OpenSearch and audit secrets",
            i -> i.settings = ExampleResources.settingsWithoutSecrets()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changesTheRuntimeSees")
  void hashFollowsWhatTheRuntimeSees(Consumer<Inputs> change) {
    assertThat(render(change).hash()).isNotEqualTo(BASELINE.hash());
  }

  @Test
  void renderingIsDeterministic() {
    RenderedConfig again = render(i -> {});

    assertThat(again.hash()).isEqualTo(BASELINE.hash()).matches("[0-9a-f]{64}");
    assertThat(again.yaml()).isEqualTo(BASELINE.yaml());
  }

  @Test
  void generationsAreInTheConfigurationThoughNotInTheHash() {
    RuntimeConfig config = BASELINE.config();

    assertThat(config.getWorkflow().getGeneration()).isEqualTo(4L);
    assertThat(config.getPolicy().getGeneration()).isEqualTo(2L);
    assertThat(BASELINE.yaml()).contains("generation: 4").contains("generation: 2");
  }

  @Test
  void replicasAreInTheConfigurationThoughNotInTheHash() {
    RenderedConfig scaled = render(i -> i.workflow.getSpec().setReplicas(5));
    RenderedConfig unset = render(i -> i.workflow.getSpec().setReplicas(null));

    // the runtime divides its per-minute request limits by them
    assertThat(scaled.config().getWorkflow().getReplicas()).isEqualTo(5);
    assertThat(unset.config().getWorkflow().getReplicas()).isEqualTo(1);
    assertThat(scaled.yaml()).contains("replicas: 5");
    assertThat(scaled.hash()).isEqualTo(unset.hash()).isEqualTo(BASELINE.hash());
  }

  @Test
  void runtimeViewOfTheSpecDropsTheDeploymentFields() {
    var spec = BASELINE.config().getWorkflow().getSpec();

    assertThat(spec.getReplicas()).isNull();
    assertThat(spec.getImage()).isNull();
    assertThat(spec.getImagePullPolicy()).isNull();
    assertThat(spec.getResources()).isNull();
    assertThat(spec.getEgress()).isEmpty();
    assertThat(spec.getEvaluation()).isNull();
    assertThat(spec.getPrompts().getSystem())
        .isEqualTo("Answer from the sources only and cite them as [n].");
  }

  @Test
  void renderingDoesNotChangeTheWorkflow() {
    Inputs inputs = new Inputs();
    inputs.render();

    assertThat(inputs.workflow).isEqualTo(ExampleResources.workflow());
  }

  @Test
  void carriesTheResolvedPolicyIndexesAndStores() {
    RuntimeConfig config = BASELINE.config();

    assertThat(config.getFormatVersion()).isEqualTo(RuntimeConfig.FORMAT_VERSION);
    assertThat(config.getWorkflow().getName()).isEqualTo("assistant");
    assertThat(config.getWorkflow().getNamespace()).isEqualTo("team-a");
    assertThat(config.getPolicy().getName()).isEqualTo("federation");
    assertThat(config.getPolicy().getSpec()).isEqualTo(ExampleResources.policy().getSpec());
    assertThat(config.getIndexes())
        .extracting(RuntimeConfig.Index::getName, RuntimeConfig.Index::getAlias)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("guides", "hubia.team-a.guides"),
            org.assertj.core.groups.Tuple.tuple("crm-articles", "hubia.team-a.crm-articles"));
    assertThat(config.getIndexes().get(0).getTopK()).isEqualTo(5);
    assertThat(config.getIndexes().get(0).getContentGeneration()).isEqualTo(7L);
    assertThat(config.getIndexes().get(0).getEmbeddingModel()).isEqualTo("all-MiniLM-L6-v2");
    assertThat(config.getIndexes().get(1).getWeight()).isEqualTo(0.5);
    assertThat(config.getOpensearch().getUrl()).isEqualTo(SETTINGS.opensearchUrl());
    assertThat(config.getAudit().getJdbcUrl()).isEqualTo(SETTINGS.auditJdbcUrl());
  }

  @Test
  void credentialsAreNamedByEnvironmentVariableOnly() {
    RuntimeConfig config = BASELINE.config();

    assertThat(config.getOpensearch().getUsernameEnv()).isEqualTo("HUBIA_OPENSEARCH_USERNAME");
    assertThat(config.getOpensearch().getPasswordEnv()).isEqualTo("HUBIA_OPENSEARCH_PASSWORD");
    assertThat(config.getAudit().getUsernameEnv()).isEqualTo("HUBIA_AUDIT_USERNAME");
    assertThat(config.getAudit().getPasswordEnv()).isEqualTo("HUBIA_AUDIT_PASSWORD");
    assertThat(config.getSecretEnv())
        .extracting(e -> e.getSecretName() + "/" + e.getKey() + " -> " + e.getEnv())
        .containsExactly(
            "mistral-api/api-key -> "
                + RuntimeConfigRenderer.envName(ref("mistral-api", "api-key")),
            "crm-token/token -> " + RuntimeConfigRenderer.envName(ref("crm-token", "token")));
  }

  @Test
  void withoutSettingsSecretsNoCredentialVariableIsNamed() {
    RuntimeConfig config =
        render(i -> i.settings = ExampleResources.settingsWithoutSecrets()).config();

    assertThat(config.getOpensearch().getUsernameEnv()).isNull();
    assertThat(config.getOpensearch().getPasswordEnv()).isNull();
    assertThat(config.getAudit().getUsernameEnv()).isNull();
    assertThat(config.getAudit().getPasswordEnv()).isNull();
  }

  @Test
  void theCaOfTheOpenSearchSecretIsWhereTheRuntimePodsMountIt() {
    assertThat(BASELINE.config().getOpensearch().getCaFile())
        .isEqualTo(IngestionJobContract.OPENSEARCH_CA_FILE)
        .isEqualTo("/var/run/hubia/opensearch/ca.crt");
    assertThat(BASELINE.yaml()).contains("caFile: \"/var/run/hubia/opensearch/ca.crt\"");
  }

  @Test
  void withoutAnOpenSearchSecretNoCaFileIsRenderedSoTheHashStaysAsBefore() {
    RenderedConfig rendered = render(i -> i.settings = ExampleResources.settingsWithoutSecrets());

    assertThat(rendered.config().getOpensearch().getCaFile()).isNull();
    // an absent field is not serialized: the configuration, hence its hash, is unchanged
    assertThat(rendered.yaml()).doesNotContain("caFile");
  }

  @Test
  void noSecretValueAppears() {
    String base64 =
        Base64.getEncoder()
            .encodeToString(ExampleResources.SECRET_VALUE.getBytes(StandardCharsets.UTF_8));

    assertThat(BASELINE.yaml())
        .doesNotContain(ExampleResources.SECRET_VALUE)
        .doesNotContain(base64)
        // only Secret and key names, never a value field
        .doesNotContainIgnoringCase("password:")
        .doesNotContain("stringData")
        .doesNotContain("valueFrom");
  }

  @Test
  void envNameIsStableAcrossReleases() {
    // Changing this renames the variables of every running pod: a deliberate, breaking change.
    assertThat(RuntimeConfigRenderer.envName(ref("mistral-api", "api-key")))
        .isEqualTo("HUBIA_SECRET_MISTRAL_API_API_KEY_C99377");
  }

  @Test
  void envNameIsAValidEnvironmentVariableName() {
    for (SecretKeyRef ref :
        List.of(
            ref("mistral-api", "api-key"),
            ref("tls.certs", ".dockerconfigjson"),
            ref("x", "A.b-C_d"),
            ref("0-secret", "9"))) {
      assertThat(RuntimeConfigRenderer.envName(ref)).matches("[A-Z_][A-Z0-9_]*");
    }
  }

  @Test
  void envNamesDifferForReferencesThatSanitizeAlike() {
    String dash = RuntimeConfigRenderer.envName(ref("a-b", "c"));
    String underscore = RuntimeConfigRenderer.envName(ref("a_b", "c"));
    String dot = RuntimeConfigRenderer.envName(ref("a.b", "c"));

    assertThat(dash).startsWith("HUBIA_SECRET_A_B_C_");
    assertThat(underscore).startsWith("HUBIA_SECRET_A_B_C_");
    assertThat(List.of(dash, underscore, dot)).doesNotHaveDuplicates();
    assertThat(RuntimeConfigRenderer.envName(ref("api", "key-a")))
        .isNotEqualTo(RuntimeConfigRenderer.envName(ref("api", "key.a")));
  }

  @Test
  void secretRefsListsEachKeyOnceModelsFirstThenTools() {
    AgentWorkflow workflow = ExampleResources.workflow();
    ModelSpec sameKey = new ModelSpec();
    sameKey.setProvider(ModelProvider.MistralAI);
    sameKey.setName("mistral-large-latest");
    sameKey.setApiKeySecretRef(ref("mistral-api", "api-key"));
    ModelSpec otherKey = new ModelSpec();
    otherKey.setProvider(ModelProvider.MistralAI);
    otherKey.setName("codestral-latest");
    otherKey.setApiKeySecretRef(ref("mistral-api", "codestral-key"));
    workflow.getSpec().getFallbackModels().add(sameKey);
    workflow.getSpec().getFallbackModels().add(otherKey);
    workflow.getSpec().getTools().get(0).getHttp().setAuthSecretRef(ref("mistral-api", "api-key"));

    assertThat(RuntimeConfigRenderer.secretRefs(workflow.getSpec()))
        .extracting(r -> r.getName() + "/" + r.getKey())
        .containsExactly("mistral-api/api-key", "mistral-api/codestral-key");
  }

  @Test
  void secretRefsOfASpecWithoutModelOrToolsIsEmpty() {
    AgentWorkflow workflow = ExampleResources.workflow();
    workflow.getSpec().setModel(null);
    workflow.getSpec().getFallbackModels().clear();
    workflow.getSpec().getTools().clear();

    assertThat(RuntimeConfigRenderer.secretRefs(workflow.getSpec())).isEmpty();
  }

  private static final String DEFAULT_MODELS = "http://vllm.shared-models.svc:8000/v1";

  /** The example with an Ollama model and an OpenAICompatible fallback that name no endpoint. */
  private static void modelsWithoutEndpoint(Inputs inputs) {
    ModelSpec model = inputs.workflow.getSpec().getModel();
    model.setProvider(ModelProvider.Ollama);
    model.setName("mistral:7b-instruct");
    model.setApiKeySecretRef(null);
    inputs.workflow.getSpec().getFallbackModels().get(0).setEndpoint(null);
  }

  @Test
  void modelsWithoutEndpointGetTheDefaultModelServerInTheConfigurationOnly() {
    Inputs inputs = new Inputs();
    modelsWithoutEndpoint(inputs);
    inputs.settings = SETTINGS.withModelEndpoint(DEFAULT_MODELS);

    var spec = inputs.render().config().getWorkflow().getSpec();

    assertThat(spec.getModel().getEndpoint()).isEqualTo(DEFAULT_MODELS);
    assertThat(spec.getFallbackModels().get(0).getEndpoint()).isEqualTo(DEFAULT_MODELS);
    assertThat(inputs.workflow.getSpec().getModel().getEndpoint())
        .as("the spec stays as written (ADR 0005)")
        .isNull();
    assertThat(inputs.workflow.getSpec().getFallbackModels().get(0).getEndpoint()).isNull();
  }

  @Test
  void anExplicitEndpointWinsOverTheDefaultModelServer() {
    RenderedConfig withDefault =
        render(i -> i.settings = SETTINGS.withModelEndpoint(DEFAULT_MODELS));

    var spec = withDefault.config().getWorkflow().getSpec();
    assertThat(spec.getFallbackModels().get(0).getEndpoint())
        .isEqualTo("http://vllm.models.svc:8000/v1");
    assertThat(spec.getModel().getEndpoint()).as("MistralAI: the hosted API").isNull();
    assertThat(withDefault.hash())
        .as("a default no model takes changes nothing, so no pod rolls")
        .isEqualTo(BASELINE.hash());
  }

  @Test
  void anotherDefaultModelServerChangesTheHashOfTheWorkflowsThatTakeIt() {
    RenderedConfig one =
        render(
            i -> {
              modelsWithoutEndpoint(i);
              i.settings = SETTINGS.withModelEndpoint(DEFAULT_MODELS);
            });
    RenderedConfig other =
        render(
            i -> {
              modelsWithoutEndpoint(i);
              i.settings = SETTINGS.withModelEndpoint("http://ollama.shared-models.svc:11434");
            });

    assertThat(one.hash()).isNotEqualTo(other.hash());
  }

  @Test
  void withoutDefaultAModelWithoutEndpointIsRenderedWithoutOne() {
    // the operator refuses such a workflow before rendering (ModelEndpointMissing)
    var spec = render(RuntimeConfigRendererTest::modelsWithoutEndpoint).config();

    assertThat(spec.getWorkflow().getSpec().getModel().getEndpoint()).isNull();
  }

  @Test
  void anIndexWithoutStatusIsRenderedByNameOnly() {
    RuntimeConfig config = render(i -> i.indexes.forEach(index -> index.setStatus(null))).config();

    assertThat(config.getIndexes())
        .extracting(RuntimeConfig.Index::getName)
        .containsExactly("guides", "crm-articles");
    assertThat(config.getIndexes()).allSatisfy(i -> assertThat(i.getAlias()).isNull());
  }

  private static SecretKeyRef ref(String name, String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName(name);
    ref.setKey(key);
    return ref;
  }
}
