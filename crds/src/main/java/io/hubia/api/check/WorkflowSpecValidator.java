package io.hubia.api.check;

import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.IndexRef;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.RouteSpec;
import io.hubia.api.v1alpha1.spec.RoutingStrategy;
import io.hubia.api.v1alpha1.spec.ToolSpec;
import io.hubia.api.v1alpha1.spec.ToolType;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Semantic checks of an AgentWorkflow spec. The CRD's CEL rules refuse most of these at apply time;
 * they are checked again here because the operator may meet objects that no API server validated
 * (older clusters without CEL, restores, the mock server in tests), and a bad spec must end as
 * Ready=False with a reason, never as a crash.
 */
public final class WorkflowSpecValidator {
  private WorkflowSpecValidator() {}

  /** Problems found, each saying what to fix; empty when the spec can work. */
  public static List<String> validate(AgentWorkflowSpec spec) {
    Problems problems = new Problems();
    if (spec == null) {
      return problems.add("spec is missing").list();
    }
    if (spec.getPolicyRef() == null || spec.getPolicyRef().getName() == null) {
      problems.add("spec.policyRef.name is required: name the PolicySet that governs this agent");
    }
    checkModel(problems, "spec.model", spec.getModel());
    for (int i = 0; i < spec.getFallbackModels().size(); i++) {
      checkModel(problems, "spec.fallbackModels[" + i + "]", spec.getFallbackModels().get(i));
    }
    if (!spec.getFallbackModels().isEmpty() && spec.getModel() == null) {
      problems.add("spec.fallbackModels needs spec.model, the first model of the chain");
    }
    Set<String> indexes =
        problems.unique("spec.indexes", spec.getIndexes().stream().map(IndexRef::getName).toList());
    Set<String> tools =
        problems.unique("spec.tools", spec.getTools().stream().map(ToolSpec::getName).toList());
    for (ToolSpec tool : spec.getTools()) {
      checkTool(problems, tool, indexes);
    }
    if (!spec.getTools().isEmpty() && spec.getModel() == null) {
      problems.add("tools are called by a model through function calling: set spec.model");
    }
    if (spec.getRouting() != null) {
      var routing = spec.getRouting();
      if (routing.getStrategy() == null) {
        problems.add("spec.routing.strategy must be one of Single, Similarity, Model");
      } else if (routing.getStrategy() == RoutingStrategy.Model && spec.getModel() == null) {
        problems.add("routing strategy Model needs spec.model; use Similarity without a model");
      }
      Set<String> routes =
          problems.unique(
              "spec.routing.routes", routing.getRoutes().stream().map(RouteSpec::getName).toList());
      if (routing.getRoutes().isEmpty()) {
        problems.add("spec.routing.routes needs at least one route");
      }
      if (routing.getDefaultRoute() != null && !routes.contains(routing.getDefaultRoute())) {
        problems.add(
            "spec.routing.defaultRoute '"
                + routing.getDefaultRoute()
                + "' is not one of the routes "
                + routes);
      }
      for (RouteSpec route : routing.getRoutes()) {
        problems.subset(
            "spec.routing.routes[" + route.getName() + "].indexes", route.getIndexes(), indexes);
        problems.subset(
            "spec.routing.routes[" + route.getName() + "].tools", route.getTools(), tools);
      }
    }
    problems.duration(
        "spec.model.timeout", spec.getModel() == null ? null : spec.getModel().getTimeout());
    for (int i = 0; i < spec.getFallbackModels().size(); i++) {
      problems.duration(
          "spec.fallbackModels[" + i + "].timeout", spec.getFallbackModels().get(i).getTimeout());
    }
    return problems.list();
  }

  private static void checkModel(Problems problems, String path, ModelSpec model) {
    if (model == null) {
      return;
    }
    if (model.getProvider() == null) {
      problems.add(
          path + ".provider is missing or unknown: use OpenAICompatible, Ollama or MistralAI");
      return;
    }
    if (model.getName() == null || model.getName().isBlank()) {
      problems.add(path + ".name is required: the model name as its server knows it");
    }
    // An OpenAICompatible or Ollama model without endpoint takes the installation's default model
    // server, which only the operator (or local mode) knows: ModelEndpoints checks it there.
    if (model.getProvider() == ModelProvider.MistralAI
        && model.getEndpoint() == null
        && model.getApiKeySecretRef() == null) {
      problems.add(path + " (MistralAI) needs apiKeySecretRef or a self-hosted endpoint");
    }
  }

  private static void checkTool(Problems problems, ToolSpec tool, Set<String> indexes) {
    String path = "spec.tools[" + tool.getName() + "]";
    if (tool.getType() == null) {
      problems.add(path + ".type is missing or unknown: use Http or IndexLookup");
      return;
    }
    if (tool.getType() == ToolType.Http && tool.getHttp() == null) {
      problems.add(path + " is of type Http and needs 'http'");
    }
    if (tool.getType() == ToolType.IndexLookup) {
      if (tool.getIndex() == null || !indexes.contains(tool.getIndex())) {
        problems.add(
            path
                + ".index must name one of spec.indexes "
                + indexes.stream().sorted().collect(Collectors.toList()));
      }
    }
    if (tool.getHttp() != null) {
      problems.duration(path + ".http.timeout", tool.getHttp().getTimeout());
    }
  }
}
