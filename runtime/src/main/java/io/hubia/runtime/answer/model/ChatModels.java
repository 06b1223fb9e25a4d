package io.hubia.runtime.answer.model;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.hubia.api.v1alpha1.spec.Durations;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Builds the langchain4j {@link ChatModel} of a {@link ModelSpec}. Every provider goes through
 * langchain4j's OpenAI client: OpenAI-compatible servers (vLLM, LocalAI, European providers) at
 * their endpoint, Ollama through its OpenAI-compatible {@code /v1} API, Mistral AI through its
 * OpenAI-compatible API ({@value #MISTRAL_API} unless an endpoint is set).
 *
 * <p>The client never retries by itself (the {@link AnswererChain} retries and counts), never logs
 * requests or responses (they hold the API key header and the caller's documents), and every call
 * is bounded by the spec's timeout as a whole: the client's own timeout only covers the wait for
 * the response headers, so a server that stalls in the middle of the body is given up too.
 */
public final class ChatModels {

  /** Mistral AI's hosted OpenAI-compatible API. */
  public static final String MISTRAL_API = "https://api.mistral.ai/v1";

  public static final double DEFAULT_TEMPERATURE = 0.0;
  public static final int DEFAULT_MAX_TOKENS = 1024;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_RETRIES = 1;

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Runs bounded calls; daemon threads, created on demand and dropped after a minute idle. */
  private static final ExecutorService CALLS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "hubia-model-call-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  private ChatModels() {}

  /**
   * The chat model of {@code spec}, every call bounded by its timeout.
   *
   * @param secrets reads the value of a Secret key (the API key); called only when {@code
   *     apiKeySecretRef} is set
   * @throws IllegalArgumentException when the spec lacks its provider, name or a needed endpoint,
   *     or its API key Secret is missing or empty (the message names the Secret, never its value)
   */
  public static ChatModel build(ModelSpec spec, Function<SecretKeyRef, String> secrets) {
    Objects.requireNonNull(spec, "spec");
    if (spec.getProvider() == null) {
      throw new IllegalArgumentException("a model needs 'provider'");
    }
    if (spec.getName() == null || spec.getName().isBlank()) {
      throw new IllegalArgumentException("a model needs 'name'");
    }
    String apiKey = null;
    SecretKeyRef ref = spec.getApiKeySecretRef();
    if (ref != null) {
      apiKey = secrets.apply(ref);
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException(
            "the API key Secret " + ref.getName() + "/" + ref.getKey() + " is missing or empty");
      }
      apiKey = apiKey.strip();
    }
    Duration timeout = timeout(spec);
    ChatModel client =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl(spec).toString())
            // Servers without authentication ignore it; langchain4j wants a value.
            .apiKey(apiKey == null ? "none" : apiKey)
            .modelName(spec.getName())
            .temperature(temperature(spec))
            .maxTokens(maxTokens(spec))
            .timeout(timeout)
            .maxRetries(0)
            .logRequests(false)
            .logResponses(false)
            .build();
    return withDeadline(client, timeout);
  }

  /**
   * The URL {@code /chat/completions} is appended to: the endpoint of an OpenAI-compatible server
   * as given; {@code /v1} appended (unless there) to an Ollama server's or a self-hosted Mistral
   * deployment's endpoint; {@value #MISTRAL_API} for Mistral AI without endpoint.
   *
   * @throws IllegalArgumentException when the endpoint is missing where needed, or not http(s)
   */
  public static URI baseUrl(ModelSpec spec) {
    ModelProvider provider = spec.getProvider();
    String endpoint = spec.getEndpoint();
    if (provider == ModelProvider.MistralAI && (endpoint == null || endpoint.isBlank())) {
      return URI.create(MISTRAL_API);
    }
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException(
          "a " + provider + " model needs 'endpoint', the base URL of its server");
    }
    URI uri = URI.create(endpoint.strip());
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "a model endpoint must be http(s), not " + uri.getScheme());
    }
    if (provider == ModelProvider.OpenAICompatible) {
      return uri;
    }
    String url = uri.toString().replaceAll("/+$", "");
    return URI.create(url.endsWith("/v1") ? url : url + "/v1");
  }

  /** Timeout of one call: the spec's, else {@link #DEFAULT_TIMEOUT}. */
  public static Duration timeout(ModelSpec spec) {
    return spec.getTimeout() == null ? DEFAULT_TIMEOUT : Durations.parse(spec.getTimeout());
  }

  /**
   * Retries of a failed call before the next model: the spec's, else {@link #DEFAULT_MAX_RETRIES}.
   */
  public static int maxRetries(ModelSpec spec) {
    return spec.getMaxRetries() == null ? DEFAULT_MAX_RETRIES : spec.getMaxRetries();
  }

  static double temperature(ModelSpec spec) {
    return spec.getTemperature() == null ? DEFAULT_TEMPERATURE : spec.getTemperature();
  }

  static int maxTokens(ModelSpec spec) {
    return spec.getMaxTokens() == null ? DEFAULT_MAX_TOKENS : spec.getMaxTokens();
  }

  /**
   * {@code model} with every call bounded by {@code timeout} as a whole: past it the call is
   * abandoned (its thread interrupted) and a langchain4j {@link TimeoutException} thrown, as the
   * client throws when the headers do not come in time.
   */
  public static ChatModel withDeadline(ChatModel model, Duration timeout) {
    return new DeadlineChatModel(model, timeout);
  }

  private static final class DeadlineChatModel implements ChatModel {
    private final ChatModel delegate;
    private final Duration timeout;

    DeadlineChatModel(ChatModel delegate, Duration timeout) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
      this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      Future<ChatResponse> call = CALLS.submit(() -> delegate.chat(request));
      try {
        return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        call.cancel(true);
        throw new TimeoutException("no complete answer within " + timeout, e);
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new RuntimeException("interrupted while waiting for the model", e);
      } catch (CancellationException e) {
        throw new RuntimeException("model call cancelled", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new RuntimeException(e.getCause());
      }
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return delegate.defaultRequestParameters();
    }

    @Override
    public dev.langchain4j.model.ModelProvider provider() {
      return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
      return delegate.supportedCapabilities();
    }
  }
}
