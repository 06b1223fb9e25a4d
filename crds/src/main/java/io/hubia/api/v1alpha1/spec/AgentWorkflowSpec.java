package io.hubia.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The desired state of an agent service. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.indexes) || self.indexes.all(i, self.indexes.filter(o, o.name == i.name).size() == 1)",
    message = "each RetrievalIndex may be listed once in spec.indexes: remove the duplicate")
@ValidationRule(
    value =
        "!has(self.tools) || self.tools.all(t, self.tools.filter(o, o.name == t.name).size() == 1)",
    message = "tool names must be unique in spec.tools: rename the duplicate")
@ValidationRule(
    value =
        "!has(self.tools) || self.tools.all(t, !has(t.index) || (has(self.indexes) &&"
            + " self.indexes.exists(i, i.name == t.index)))",
    message = "an IndexLookup tool's 'index' must be the name of one of spec.indexes")
@ValidationRule(
    value =
        "!has(self.routing) || self.routing.routes.all(r, !has(r.indexes) || r.indexes.all(n,"
            + " has(self.indexes) && self.indexes.exists(i, i.name == n)))",
    message = "every index named in spec.routing.routes[].indexes must be listed in spec.indexes")
@ValidationRule(
    value =
        "!has(self.routing) || self.routing.routes.all(r, !has(r.tools) || r.tools.all(n,"
            + " has(self.tools) && self.tools.exists(t, t.name == n)))",
    message = "every tool named in spec.routing.routes[].tools must be listed in spec.tools")
@ValidationRule(
    value = "!has(self.routing) || self.routing.strategy != 'Model' || has(self.model)",
    message = "routing strategy Model needs spec.model; use Similarity to route without a model")
@ValidationRule(
    value = "!has(self.fallbackModels) || size(self.fallbackModels) == 0 || has(self.model)",
    message = "spec.fallbackModels needs spec.model, the first model of the chain")
@ValidationRule(
    value = "!has(self.tools) || size(self.tools) == 0 || has(self.model)",
    message =
        "tools are called by a model through function calling: set spec.model or remove"
            + " spec.tools")
public class AgentWorkflowSpec {
  @Size(max = 2000)
  @JsonPropertyDescription("What this agent is for, in a sentence or two.")
  private String description;

  @JsonPropertyDescription(
      "Primary chat model. When absent, the built-in extractive answerer (no model server)"
          + " answers from retrieved sentences.")
  private ModelSpec model;

  @Size(max = 5)
  @JsonPropertyDescription(
      "Models tried in order when the primary model fails or times out, at most 5. After the"
          + " last one, the extractive answerer is used.")
  private List<ModelSpec> fallbackModels = new ArrayList<>();

  @Required
  @JsonPropertyDescription("The PolicySet that governs this agent (same namespace). Required.")
  private LocalRef policyRef;

  @Size(max = 10)
  @JsonPropertyDescription("RetrievalIndexes the agent reads, at most 10.")
  private List<IndexRef> indexes = new ArrayList<>();

  @Size(max = 20)
  @JsonPropertyDescription("Tools the agent may call, at most 20.")
  private List<ToolSpec> tools = new ArrayList<>();

  @JsonPropertyDescription(
      "Routing between sub-flows. When absent, one route uses all indexes and tools.")
  private RoutingSpec routing;

  @JsonPropertyDescription("Prompts and default language.")
  private PromptsSpec prompts;

  @JsonPropertyDescription("Continuous evaluation settings.")
  private EvaluationSpec evaluation;

  @Min(0)
  @Max(50)
  @JsonPropertyDescription(
      "Runtime pods. Defaults to 1; a PodDisruptionBudget is created when greater than 1.")
  private Integer replicas;

  @Pattern("^[^\\s]+$")
  @Size(max = 512)
  @JsonPropertyDescription("Runtime image. Defaults to the operator's configured runtime image.")
  private String image;

  @JsonPropertyDescription("Image pull policy. Defaults to IfNotPresent.")
  private PullPolicy imagePullPolicy;

  @JsonPropertyDescription("CPU and memory of each runtime pod.")
  private ComputeResources resources;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Extra egress destinations for the runtime pods, at most 20. Model, tool, OpenSearch,"
          + " audit store and DNS egress are derived automatically.")
  private List<EgressRule> egress = new ArrayList<>();
}
