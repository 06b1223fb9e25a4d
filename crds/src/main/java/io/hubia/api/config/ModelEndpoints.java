package io.hubia.api.config;

import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The installation's default model server: the base URL an OpenAICompatible or Ollama model that
 * names no {@code endpoint} is sent to. It is applied where the runtime configuration is rendered
 * ({@link RuntimeConfigRenderer}), never written into the spec (ADR 0005). The operator and local
 * mode both read it from {@value #ENV}.
 */
public final class ModelEndpoints {
  /** The variable holding the default model server's base URL. */
  public static final String ENV = "HUBIA_MODEL_ENDPOINT";

  private static final int MAX_LENGTH = 2048;

  private ModelEndpoints() {}

  /**
   * Reads {@value #ENV}: unset or blank gives null (no default).
   *
   * @throws IllegalArgumentException naming the variable when the value is not an http or https URL
   *     with a host, without credentials, query or fragment
   */
  public static String fromEnvironment(Map<String, String> env) {
    String value = env.get(ENV);
    if (value == null || value.isBlank()) {
      return null;
    }
    String url = value.strip();
    URI uri = HttpUrls.parse(url);
    if (uri == null
        || url.length() > MAX_LENGTH
        || !HttpUrls.isHttp(uri)
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          ENV
              + " '"
              + value
              + "' is not the base URL of a model server: http or https, with a host, without"
              + " credentials, query or fragment (e.g. http://vllm.models.svc:8000/v1)");
    }
    return url;
  }

  /** Whether the model takes the default model server: OpenAICompatible or Ollama, no endpoint. */
  public static boolean takesDefault(ModelSpec model) {
    return model.getEndpoint() == null
        && (model.getProvider() == ModelProvider.OpenAICompatible
            || model.getProvider() == ModelProvider.Ollama);
  }

  /**
   * The endpoint the runtime calls: the model's own, else {@code defaultEndpoint} when the model
   * {@link #takesDefault takes it}; null otherwise (MistralAI's hosted API, or nothing to call).
   */
  public static String endpoint(ModelSpec model, String defaultEndpoint) {
    return takesDefault(model) ? defaultEndpoint : model.getEndpoint();
  }

  /**
   * The models of the spec (paths such as {@code spec.model} or {@code spec.fallbackModels[1]},
   * with their provider) that name no endpoint where no default exists; empty when every model has
   * a server.
   */
  public static List<String> missing(AgentWorkflowSpec spec, String defaultEndpoint) {
    List<String> missing = new ArrayList<>();
    if (spec == null || defaultEndpoint != null) {
      return missing;
    }
    if (spec.getModel() != null && takesDefault(spec.getModel())) {
      missing.add("spec.model (" + spec.getModel().getProvider() + ")");
    }
    for (int i = 0; i < spec.getFallbackModels().size(); i++) {
      ModelSpec model = spec.getFallbackModels().get(i);
      if (takesDefault(model)) {
        missing.add("spec.fallbackModels[" + i + "] (" + model.getProvider() + ")");
      }
    }
    return missing;
  }
}
