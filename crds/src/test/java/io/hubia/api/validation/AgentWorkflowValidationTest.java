package io.hubia.api.validation;

import static io.hubia.api.validation.Example.remove;
import static io.hubia.api.validation.Example.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The AgentWorkflow CRD, as generated, against valid and invalid workflows. */
class AgentWorkflowValidationTest extends CrdValidationContract {
  private static final String FULL = "agentworkflow/full.yaml";
  private static final String MINIMAL = "agentworkflow/minimal.yaml";

  private static Example full(Example.Edit... edits) {
    return Example.of(FULL, edits);
  }

  private static Example minimal(Example.Edit... edits) {
    return Example.of(MINIMAL, edits);
  }

  @Override
  String plural() {
    return "agentworkflows";
  }

  @Override
  List<String> validExamples() {
    return List.of(FULL, MINIMAL, "agentworkflow/extractive-routes.yaml");
  }

  /**
   * OpenAICompatible and Ollama models may leave out their endpoint: the operator's default model
   * server is used (HUBIA_MODEL_ENDPOINT), or the workflow is not Ready (ModelEndpointMissing). The
   * API server must accept them.
   */
  static List<Example> modelsWithoutEndpoint() {
    return List.of(
        full(remove("/spec/model/endpoint")),
        full(set("/spec/model", "{provider: Ollama, name: 'mistral:7b-instruct'}")),
        full(
            set(
                "/spec/fallbackModels/0",
                "{provider: OpenAICompatible, name: mistral-small-3.2-24b-instruct}")),
        full(remove("/spec/fallbackModels/1/endpoint")));
  }

  @ParameterizedTest
  @MethodSource("modelsWithoutEndpoint")
  void anOpenAiCompatibleOrOllamaModelWithoutEndpointIsAccepted(Example example) {
    JsonNode workflow = example.build();

    assertThat(crd.validate(workflow)).as("schema errors").isEmpty();
    assertThat(rules.validate(workflow)).as("CEL rule failures and errors").isEmpty();
  }

  @Override
  List<CelCase> celCases() {
    return List.of(
        cel(
            "golden set given twice",
            full(set("/spec/evaluation/goldenSet/path", "/opt/hubia/golden.yaml")),
            "spec.evaluation.goldenSet",
            "set exactly one of goldenSet.configMapRef and goldenSet.path"),
        cel(
            "golden set given neither way",
            full(set("/spec/evaluation/goldenSet", "{}")),
            "spec.evaluation.goldenSet",
            "set exactly one of goldenSet.configMapRef and goldenSet.path"),
        cel(
            "threshold without bounds",
            full(set("/spec/evaluation/thresholds/0", "{metric: golden.citation_recall}")),
            "spec.evaluation.thresholds[0]",
            "a threshold needs 'min', 'max' or both"),
        cel(
            "threshold min above max (integers in YAML, doubles in CEL)",
            full(set("/spec/evaluation/thresholds/3/min", "2")),
            "spec.evaluation.thresholds[3]",
            "threshold 'min' must not be greater than 'max'"),
        cel(
            "gate without thresholds",
            full(remove("/spec/evaluation/thresholds")),
            "spec.evaluation",
            "evaluation.gate needs at least one entry in evaluation.thresholds to gate on"),
        cel(
            "gate with an empty threshold list",
            full(set("/spec/evaluation/thresholds", "[]")),
            "spec.evaluation",
            "evaluation.gate needs at least one entry in evaluation.thresholds to gate on"),
        cel(
            "Golden suite without golden set",
            full(remove("/spec/evaluation/goldenSet")),
            "spec.evaluation",
            "the Golden suite needs evaluation.goldenSet"),
        cel(
            "two thresholds on one metric",
            full(set("/spec/evaluation/thresholds/1/metric", "golden.citation_recall")),
            "spec.evaluation",
            "each metric may have one threshold only: merge the duplicates in"
                + " evaluation.thresholds"),
        cel(
            "MistralAI model without key or endpoint",
            full(set("/spec/model", "{provider: MistralAI, name: mistral-small-latest}")),
            "spec.model",
            "a MistralAI model needs 'apiKeySecretRef' (the hosted API) or 'endpoint' (a"
                + " self-hosted deployment)"),
        cel(
            "MistralAI fallback without key or endpoint",
            full(remove("/spec/fallbackModels/0/apiKeySecretRef")),
            "spec.fallbackModels[0]",
            "a MistralAI model needs 'apiKeySecretRef' (the hosted API) or 'endpoint' (a"
                + " self-hosted deployment)"),
        cel(
            "two routes named juridique",
            full(set("/spec/routing/routes/1/name", "juridique")),
            "spec.routing",
            "route names must be unique: rename the duplicate in routing.routes"),
        cel(
            "default route that is no route",
            full(set("/spec/routing/defaultRoute", "accueil")),
            "spec.routing",
            "routing.defaultRoute must be the name of one of routing.routes"),
        cel(
            "Similarity routing with one route",
            full(remove("/spec/routing/routes/1")),
            "spec.routing",
            "Similarity and Model routing need at least two routes; use strategy Single"
                + " otherwise"),
        cel(
            "Http tool without http",
            full(remove("/spec/tools/0/http")),
            "spec.tools[0]",
            "set 'http' when type is Http, and only then"),
        cel(
            "IndexLookup tool with http",
            full(set("/spec/tools/1/http", "{url: 'https://intranet.federation.example.org/x'}")),
            "spec.tools[1]",
            "set 'http' when type is Http, and only then"),
        cel(
            "IndexLookup tool without index",
            full(remove("/spec/tools/1/index")),
            "spec.tools[1]",
            "set 'index' (the name of one of spec.indexes) when type is IndexLookup, and only"
                + " then"),
        cel(
            "Http tool with index",
            full(set("/spec/tools/0/index", "fiches-pratiques")),
            "spec.tools[0]",
            "set 'index' (the name of one of spec.indexes) when type is IndexLookup, and only"
                + " then"),
        cel(
            "index listed twice",
            full(set("/spec/indexes/-", "{name: fiches-pratiques, topK: 3}")),
            "spec",
            "each RetrievalIndex may be listed once in spec.indexes: remove the duplicate"),
        cel(
            "two tools named agenda-formations",
            full(
                set(
                    "/spec/tools/-",
                    "{name: agenda-formations, type: Http, description: Doublon.,"
                        + " http: {url: 'https://intranet.federation.example.org/api/agenda'}}")),
            "spec",
            "tool names must be unique in spec.tools: rename the duplicate"),
        cel(
            "IndexLookup tool on an index the workflow does not read",
            full(set("/spec/tools/1/index", "bareme-cotisations")),
            "spec",
            "an IndexLookup tool's 'index' must be the name of one of spec.indexes"),
        cel(
            "route reading an index the workflow does not list",
            full(set("/spec/routing/routes/0/indexes/-", "archives-conseil")),
            "spec",
            "every index named in spec.routing.routes[].indexes must be listed in spec.indexes"),
        cel(
            "route calling an unknown tool",
            full(set("/spec/routing/routes/1/tools/-", "envoi-courriel")),
            "spec",
            "every tool named in spec.routing.routes[].tools must be listed in spec.tools"),
        cel(
            "Model routing without a model",
            minimal(
                set(
                    "/spec/routing",
                    "{strategy: Model, routes: [{name: juridique, description: Droit associatif.},"
                        + " {name: formation, description: Offre de formation.}]}")),
            "spec",
            "routing strategy Model needs spec.model; use Similarity to route without a model"),
        cel(
            "fallback models without a primary model",
            minimal(
                set(
                    "/spec/fallbackModels",
                    "[{provider: MistralAI, name: mistral-small-latest,"
                        + " apiKeySecretRef: {name: mistral-la-plateforme, key: api-key}}]")),
            "spec",
            "spec.fallbackModels needs spec.model, the first model of the chain"),
        cel(
            "tools without a model",
            minimal(
                set(
                    "/spec/tools",
                    "[{name: agenda-formations, type: Http, description: Agenda des formations.,"
                        + " http: {url: 'https://intranet.federation.example.org/api/agenda'}}]")),
            "spec",
            "tools are called by a model through function calling: set spec.model or remove"
                + " spec.tools"));
  }

  @Override
  List<SchemaCase> schemaCases() {
    return List.of(
        schema(
            "policy name not a DNS label (pattern)",
            full(set("/spec/policyRef/name", "Politique_Federation")),
            "spec.policyRef.name",
            "pattern"),
        schema("policyRef missing (required)", full(remove("/spec/policyRef")), "spec", "required"),
        schema(
            "secret reference without key (required)",
            full(remove("/spec/model/apiKeySecretRef/key")),
            "spec.model.apiKeySecretRef",
            "required"),
        schema(
            "unknown provider (enum)",
            full(set("/spec/model/provider", "OpenAI")),
            "spec.model.provider",
            "enum"),
        schema(
            "unknown suite (enum in a list)",
            full(set("/spec/evaluation/suites/0", "Golden-Set")),
            "spec.evaluation.suites[0]",
            "enum"),
        schema(
            "temperature above 2 (maximum)",
            full(set("/spec/model/temperature", "2.5")),
            "spec.model.temperature",
            "maximum"),
        schema(
            "negative replicas (minimum)",
            full(set("/spec/replicas", "-1")),
            "spec.replicas",
            "minimum"),
        schema(
            "topK 0 (minimum in a list item)",
            full(set("/spec/indexes/0/topK", "0")),
            "spec.indexes[0].topK",
            "minimum"),
        schema(
            "index weight above 10 (maximum on a number)",
            full(set("/spec/indexes/1/weight", "10.5")),
            "spec.indexes[1].weight",
            "maximum"),
        schema(
            "fractional replicas (integer type)",
            full(set("/spec/replicas", "1.5")),
            "spec.replicas",
            "type"),
        schema(
            "replicas as a string (type)",
            full(set("/spec/replicas", "'2'")),
            "spec.replicas",
            "type"),
        schema(
            "five suites (maxItems)",
            full(set("/spec/evaluation/suites/-", "Golden")),
            "spec.evaluation.suites",
            "maxItems"),
        schema(
            "six fallback models (maxItems)",
            full(
                set(
                    "/spec/fallbackModels",
                    "["
                        + String.join(
                            ", ",
                            Collections.nCopies(
                                6, "{provider: Ollama, name: m, endpoint: 'http://ollama:11434'}"))
                        + "]")),
            "spec.fallbackModels",
            "maxItems"),
        schema(
            "routing without routes (minItems)",
            full(set("/spec/routing/routes", "[]"), remove("/spec/routing/defaultRoute")),
            "spec.routing.routes",
            "minItems"),
        schema(
            "description of 2001 characters (maxLength)",
            full(set("/spec/description", "a".repeat(2001))),
            "spec.description",
            "maxLength"),
        schema(
            "empty model name (minLength)",
            full(set("/spec/model/name", "''")),
            "spec.model.name",
            "minLength"),
        schema(
            "endpoint without scheme (URL pattern)",
            full(set("/spec/model/endpoint", "vllm.modeles:8000/v1")),
            "spec.model.endpoint",
            "pattern"),
        schema(
            "timeout in words (duration pattern)",
            full(set("/spec/model/timeout", "30 seconds")),
            "spec.model.timeout",
            "pattern"),
        schema(
            "schedule that is not cron (pattern)",
            full(set("/spec/evaluation/schedule", "tous les jours")),
            "spec.evaluation.schedule",
            "pattern"),
        schema(
            "memory that is not a quantity (pattern)",
            full(set("/spec/resources/limits/memory", "1,5 Go")),
            "spec.resources.limits.memory",
            "pattern"),
        schema(
            "name ending with a line break (RE2 $, not the JDK's)",
            full(set("/spec/policyRef/name", "\"politique-federation\\n\"")),
            "spec.policyRef.name",
            "pattern"),
        schema(
            "misspelt field (unknown fields are rejected, as kubectl --validate=strict)",
            full(set("/spec/modele", "{provider: OpenAICompatible, name: x}")),
            "spec",
            "additionalProperties"),
        schema("wrong API version", full(set("/apiVersion", "hubia.io/v1")), "apiVersion", "enum"));
  }
}
