package io.hubia.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hubia.api.check.WorkflowSpecValidator;
import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.IndexRef;
import io.hubia.api.v1alpha1.spec.LocalRef;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.RoutingStrategy;
import io.hubia.operator.ExampleResources;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkflowSpecValidatorTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static AgentWorkflowSpec spec(Consumer<AgentWorkflowSpec> change) {
    AgentWorkflowSpec spec = ExampleResources.workflow().getSpec();
    change.accept(spec);
    return spec;
  }

  private static Arguments problem(
      String name, Consumer<AgentWorkflowSpec> change, String expected) {
    return Arguments.of(Named.of(name, change), expected);
  }

  /** Removes the model and everything that needs one. */
  private static void withoutModels(AgentWorkflowSpec s) {
    s.setModel(null);
    s.getFallbackModels().clear();
    s.getTools().clear();
    s.getRouting().getRoutes().forEach(r -> r.getTools().clear());
  }

  static Stream<Arguments> singleProblems() {
    return Stream.of(
        problem(
            "no policyRef",
            s -> s.setPolicyRef(null),
            "spec.policyRef.name is required: name the PolicySet that governs this agent"),
        problem(
            "policyRef without name",
            s -> s.setPolicyRef(new LocalRef()),
            "spec.policyRef.name is required: name the PolicySet that governs this agent"),
        problem(
            "model without provider",
            s -> s.getModel().setProvider(null),
            "spec.model.provider is missing or unknown: use OpenAICompatible, Ollama or MistralAI"),
        problem(
            "model with blank name",
            s -> s.getModel().setName(" "),
            "spec.model.name is required: the model name as its server knows it"),
        problem(
            "MistralAI model without key or endpoint",
            s -> s.getModel().setApiKeySecretRef(null),
            "spec.model (MistralAI) needs apiKeySecretRef or a self-hosted endpoint"),
        problem(
            "fallback model without provider",
            s -> s.getFallbackModels().get(0).setProvider(null),
            "spec.fallbackModels[0].provider is missing or unknown: use OpenAICompatible, Ollama"
                + " or MistralAI"),
        problem(
            "fallback models without model",
            s -> {
              s.setModel(null);
              s.getTools().clear();
              s.getRouting().getRoutes().forEach(r -> r.getTools().clear());
            },
            "spec.fallbackModels needs spec.model, the first model of the chain"),
        problem(
            "tools without model",
            s -> {
              s.setModel(null);
              s.getFallbackModels().clear();
            },
            "tools are called by a model through function calling: set spec.model"),
        problem(
            "model timeout",
            s -> s.getModel().setTimeout("30 seconds"),
            "spec.model.timeout '30 seconds' is not a duration such as 500ms, 30s, 2m or 1h30m"),
        problem(
            "index listed twice",
            s -> s.getIndexes().add(indexRef("guides")),
            "spec.indexes lists 'guides' twice: names must be unique"),
        problem(
            "index without name",
            s -> s.getIndexes().add(new IndexRef()),
            "spec.indexes has an entry without a name"),
        problem(
            "tool listed twice",
            s -> s.getTools().add(SERIALIZATION.clone(s.getTools().get(1))),
            "spec.tools lists 'guide-lookup' twice: names must be unique"),
        problem(
            "tool without type",
            s -> s.getTools().get(0).setType(null),
            "spec.tools[member-lookup].type is missing or unknown: use Http or IndexLookup"),
        problem(
            "Http tool without http",
            s -> s.getTools().get(0).setHttp(null),
            "spec.tools[member-lookup] is of type Http and needs 'http'"),
        problem(
            "Http tool timeout",
            s -> s.getTools().get(0).getHttp().setTimeout("10 seconds"),
            "spec.tools[member-lookup].http.timeout '10 seconds' is not a duration such as 500ms,"
                + " 30s, 2m or 1h30m"),
        problem(
            "IndexLookup tool on an unknown index",
            s -> s.getTools().get(1).setIndex("ghost"),
            "spec.tools[guide-lookup].index must name one of spec.indexes [crm-articles, guides]"),
        problem(
            "IndexLookup tool without index",
            s -> s.getTools().get(1).setIndex(null),
            "spec.tools[guide-lookup].index must name one of spec.indexes [crm-articles, guides]"),
        problem(
            "routing without strategy",
            s -> s.getRouting().setStrategy(null),
            "spec.routing.strategy must be one of Single, Similarity, Model"),
        problem(
            "Model routing without model",
            s -> {
              withoutModels(s);
              s.getRouting().setStrategy(RoutingStrategy.Model);
            },
            "routing strategy Model needs spec.model; use Similarity without a model"),
        problem(
            "routing without routes",
            s -> {
              s.getRouting().getRoutes().clear();
              s.getRouting().setDefaultRoute(null);
            },
            "spec.routing.routes needs at least one route"),
        problem(
            "route listed twice",
            s ->
                s.getRouting()
                    .getRoutes()
                    .add(SERIALIZATION.clone(s.getRouting().getRoutes().get(0))),
            "spec.routing.routes lists 'legal' twice: names must be unique"),
        problem(
            "unknown default route",
            s -> s.getRouting().setDefaultRoute("ghost"),
            "spec.routing.defaultRoute 'ghost' is not one of the routes [legal, members]"),
        problem(
            "route on an undeclared index",
            s -> s.getRouting().getRoutes().get(0).getIndexes().add("ghost"),
            "spec.routing.routes[legal].indexes names 'ghost', which is not declared (declared:"
                + " [guides, crm-articles])"),
        problem(
            "route with an undeclared tool",
            s -> s.getRouting().getRoutes().get(1).getTools().add("ghost"),
            "spec.routing.routes[members].tools names 'ghost', which is not declared (declared:"
                + " [member-lookup, guide-lookup])"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleProblems")
  void eachProblemIsReportedOnceNamingItsField(
      Consumer<AgentWorkflowSpec> change, String expected) {
    assertThat(WorkflowSpecValidator.validate(spec(change))).containsExactly(expected);
  }

  @Test
  void theFullExampleIsValid() {
    assertThat(WorkflowSpecValidator.validate(ExampleResources.workflow().getSpec())).isEmpty();
  }

  @Test
  void aPolicyRefIsAllAMinimalSpecNeeds() {
    AgentWorkflowSpec spec = new AgentWorkflowSpec();
    spec.setPolicyRef(new LocalRef());
    spec.getPolicyRef().setName("federation");

    assertThat(WorkflowSpecValidator.validate(spec)).isEmpty();
  }

  /**
   * The default model server (HUBIA_MODEL_ENDPOINT) is the operator's, not the spec's: a model
   * without endpoint is valid here and checked at reconcile time (ModelEndpointMissing).
   */
  @Test
  void openAiCompatibleAndOllamaModelsMayLeaveOutTheirEndpoint() {
    AgentWorkflowSpec spec =
        spec(
            s -> {
              s.getModel().setProvider(ModelProvider.Ollama);
              s.getModel().setEndpoint(null);
              s.getFallbackModels().forEach(m -> m.setEndpoint(null));
              s.getFallbackModels().get(0).setProvider(ModelProvider.OpenAICompatible);
            });

    assertThat(WorkflowSpecValidator.validate(spec)).isEmpty();
  }

  @Test
  void aMistralModelMayHaveASelfHostedEndpointInsteadOfAKey() {
    AgentWorkflowSpec spec =
        spec(
            s -> {
              s.getModel().setApiKeySecretRef(null);
              s.getModel().setEndpoint("http://mistral.models.svc:8080/v1");
            });

    assertThat(WorkflowSpecValidator.validate(spec)).isEmpty();
  }

  @Test
  void similarityRoutingWorksWithoutAModel() {
    assertThat(WorkflowSpecValidator.validate(spec(WorkflowSpecValidatorTest::withoutModels)))
        .isEmpty();
  }

  @Test
  void aMissingSpecIsOneProblem() {
    assertThat(WorkflowSpecValidator.validate(null)).containsExactly("spec is missing");
  }

  @Test
  void everyProblemIsListedInOrder() {
    AgentWorkflowSpec spec =
        spec(
            s -> {
              s.setPolicyRef(null);
              s.getModel().setTimeout("soon");
              s.getRouting().setDefaultRoute("ghost");
            });

    assertThat(WorkflowSpecValidator.validate(spec))
        .hasSize(3)
        .satisfiesExactly(
            p -> assertThat(p).startsWith("spec.policyRef.name"),
            p -> assertThat(p).startsWith("spec.routing.defaultRoute"),
            p -> assertThat(p).startsWith("spec.model.timeout"));
  }

  private static IndexRef indexRef(String name) {
    IndexRef ref = new IndexRef();
    ref.setName(name);
    return ref;
  }
}
