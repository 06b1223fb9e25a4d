package io.hubia.runtime.health;

import io.hubia.api.v1alpha1.spec.AgentWorkflowSpec;
import io.hubia.api.v1alpha1.spec.ModelProvider;
import io.hubia.api.v1alpha1.spec.ModelSpec;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.answer.model.ChatModels;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import io.hubia.runtime.ingest.SecretValues;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Whether the models of the served workflows' chains (primary, then fallbacks) answer, probed in
 * the background every {@code hubia.models.check-interval} by a request that costs no token: {@code
 * GET <base URL>/models} for OpenAI-compatible servers and Mistral AI (the base URL {@link
 * ChatModels#baseUrl} gives the chat client), {@code GET <endpoint>/api/tags} for Ollama. The API
 * key is the one the chat client sends, read from the same environment variable; it is never
 * logged. Each probe is bounded by the model's timeout, at most {@link #MAX_PROBE_TIMEOUT}.
 *
 * <p>Exports {@code hubia_model_reachable{model}}: 1 when the latest probe of the model succeeded,
 * 0 when it failed.
 */
@Singleton
public class ModelHealth {
  private static final Logger LOG = Logger.getLogger(ModelHealth.class);

  /** Longest wait of a probe, whatever the model's own timeout. */
  static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(5);

  /** Longest wait between two looks at the configuration: new models are probed within it. */
  static final Duration TICK = Duration.ofSeconds(1);

  /**
   * One model of a chain, as readiness shows it.
   *
   * @param id what tells two models apart: provider, name, probe URL and API key reference
   * @param name the model's name, as the server knows it
   * @param provider its provider
   * @param endpoint host and port of its server, no path, no credentials; {@code null} if unknown
   * @param checked whether it was probed yet
   * @param reachable whether its latest probe succeeded
   * @param lastError why the latest probe failed, or {@code null}
   * @param lastCheck when it was last probed, or {@code null}
   */
  public record Model(
      String id,
      String name,
      ModelProvider provider,
      String endpoint,
      boolean checked,
      boolean reachable,
      String lastError,
      Instant lastCheck) {}

  /**
   * A served workflow and its chain.
   *
   * @param name the workflow's name
   * @param chain its models, primary first; empty when it has none (extractive answerer only)
   */
  public record Workflow(String name, List<Model> chain) {
    public Workflow {
      chain = List.copyOf(chain);
    }

    /** Whether a model of its chain answered its latest probe (true without models). */
    public boolean answerable() {
      return chain.isEmpty() || chain.stream().anyMatch(Model::reachable);
    }
  }

  /**
   * What the models check reports.
   *
   * @param readiness what an unreachable chain does to readiness
   * @param configured whether a configuration is loaded
   * @param workflows the served workflows
   */
  public record Status(
      ModelCheckSettings.Readiness readiness, boolean configured, List<Workflow> workflows) {
    public Status {
      workflows = List.copyOf(workflows);
    }
  }

  /** How to probe one model; {@code error} when its spec cannot be probed. */
  record Target(
      String id,
      String name,
      ModelProvider provider,
      URI probe,
      String endpoint,
      SecretKeyRef apiKey,
      Duration timeout,
      String error) {}

  /** The latest probe of a model. */
  private record Check(String name, Instant at, boolean reachable, String error) {}

  private final Supplier<List<ConfigSnapshot>> snapshots;
  private final Function<SecretKeyRef, String> secrets;
  private final MeterRegistry registry;
  private final Duration interval;
  private final ModelCheckSettings.Readiness readiness;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(MAX_PROBE_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  private final Map<String, Gauge> gauges = new HashMap<>();
  private BackgroundCheck background;

  @Inject
  public ModelHealth(ConfigWatcher config, ModelCheckSettings settings, MeterRegistry registry) {
    this(
        config::snapshots,
        SecretValues.environment().asFunction(),
        registry,
        settings.checkInterval(),
        settings.readiness(),
        Clock.systemUTC());
  }

  ModelHealth(
      Supplier<List<ConfigSnapshot>> snapshots,
      Function<SecretKeyRef, String> secrets,
      MeterRegistry registry,
      Duration interval,
      ModelCheckSettings.Readiness readiness,
      Clock clock) {
    this.snapshots = snapshots;
    this.secrets = secrets;
    this.registry = registry;
    this.interval = interval;
    this.readiness = readiness;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) {
    Duration tick = interval.compareTo(TICK) < 0 ? interval : TICK;
    background = BackgroundCheck.start("hubia-model-check", tick, this::checkNow, LOG);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (background != null) {
      background.close();
    }
  }

  /** The chains of the served workflows, as the last probes found them. Never blocks. */
  public Status status() {
    List<ConfigSnapshot> all = snapshots.get();
    List<Workflow> workflows = new ArrayList<>();
    for (ConfigSnapshot s : all) {
      List<Model> chain = new ArrayList<>();
      for (ModelSpec spec : chain(s)) {
        Target t = target(spec);
        Check c = checks.get(t.id());
        chain.add(
            new Model(
                t.id(),
                t.name(),
                t.provider(),
                t.endpoint(),
                c != null,
                c != null && c.reachable(),
                c == null ? t.error() : c.error(),
                c == null ? null : c.at()));
      }
      workflows.add(new Workflow(s.workflowName(), chain));
    }
    return new Status(readiness, !all.isEmpty(), workflows);
  }

  /**
   * Probes every model whose last probe is older than the check interval; waits for the answers at
   * most their timeouts. Run by the background thread (and by tests).
   */
  synchronized void checkNow() {
    Map<String, Target> targets = new LinkedHashMap<>();
    for (ConfigSnapshot s : snapshots.get()) {
      for (ModelSpec spec : chain(s)) {
        Target t = target(spec);
        targets.putIfAbsent(t.id(), t);
      }
    }
    checks.keySet().retainAll(targets.keySet());

    Instant now = clock.instant();
    List<Map.Entry<Target, CompletableFuture<HttpResponse<Void>>>> launched = new ArrayList<>();
    long start = System.nanoTime();
    for (Target t : targets.values()) {
      Check last = checks.get(t.id());
      if (last != null && now.isBefore(last.at().plus(interval))) {
        continue;
      }
      if (t.error() != null) {
        record(t, new Check(t.name(), now, false, t.error()));
        continue;
      }
      try {
        launched.add(Map.entry(t, send(t)));
      } catch (IllegalArgumentException e) {
        // the API key Secret is not set: the message names it, never a value
        record(t, new Check(t.name(), now, false, e.getMessage()));
      }
    }
    for (Map.Entry<Target, CompletableFuture<HttpResponse<Void>>> entry : launched) {
      Target t = entry.getKey();
      long deadline = start + t.timeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
      String error = outcome(t, entry.getValue(), deadline);
      record(t, new Check(t.name(), clock.instant(), error == null, error));
    }
    updateGauges(targets.values());
  }

  private CompletableFuture<HttpResponse<Void>> send(Target t) {
    HttpRequest.Builder request = HttpRequest.newBuilder(t.probe()).timeout(t.timeout()).GET();
    if (t.apiKey() != null) {
      String key = secrets.apply(t.apiKey());
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            "the API key Secret "
                + t.apiKey().getName()
                + "/"
                + t.apiKey().getKey()
                + " is missing or empty");
      }
      request.header("Authorization", "Bearer " + key.strip());
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  /** Why the probe failed, or {@code null} when the server answered 2xx. */
  private static String outcome(
      Target t, CompletableFuture<HttpResponse<Void>> response, long deadline) {
    int status;
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      status = response.get(left, TimeUnit.NANOSECONDS).statusCode();
    } catch (TimeoutException e) {
      response.cancel(true);
      return "no answer within " + t.timeout().toMillis() + " ms";
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        return "no answer within " + t.timeout().toMillis() + " ms";
      }
      return "unreachable: " + SearchHealth.describe(e.getCause());
    } catch (InterruptedException e) {
      response.cancel(true);
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    if (status >= 200 && status < 300) {
      return null;
    }
    return switch (status) {
      case 401 -> "HTTP 401: the API key was rejected";
      case 403 -> "HTTP 403: the API key may not list the models";
      case 404 -> "HTTP 404: nothing at " + t.probe().getPath() + " (check the endpoint)";
      default -> "HTTP " + status;
    };
  }

  /** Keeps the check and logs when the model's state changed. */
  private void record(Target t, Check check) {
    Check previous = checks.put(t.id(), check);
    if (previous != null
        && previous.reachable() == check.reachable()
        && java.util.Objects.equals(previous.error(), check.error())) {
      return;
    }
    if (check.reachable()) {
      if (previous != null) {
        LOG.infof("Model %s (%s at %s) reachable again", t.name(), t.provider(), where(t));
      }
    } else {
      LOG.warnf(
          "Model %s (%s at %s) not reachable: %s", t.name(), t.provider(), where(t), check.error());
    }
  }

  private static String where(Target t) {
    return t.endpoint() == null ? "no endpoint" : t.endpoint();
  }

  /** One gauge per model name; gone with the last model of that name. */
  private void updateGauges(Iterable<Target> targets) {
    Set<String> names = new TreeSet<>();
    targets.forEach(t -> names.add(t.name()));
    gauges
        .entrySet()
        .removeIf(
            e -> {
              if (names.contains(e.getKey())) {
                return false;
              }
              registry.remove(e.getValue());
              return true;
            });
    for (String name : names) {
      gauges.computeIfAbsent(
          name,
          n ->
              Gauge.builder("hubia.model.reachable", this, h -> h.reachable(n))
                  .description(
                      "1 when the latest probe of the model (GET /models, /api/tags) succeeded")
                  .tag("model", n)
                  .strongReference(true)
                  .register(registry));
    }
  }

  /** 1 when every model of that name answered its latest probe, 0 when one did not. */
  private double reachable(String name) {
    List<Check> of = checks.values().stream().filter(c -> c.name().equals(name)).toList();
    if (of.isEmpty()) {
      return Double.NaN;
    }
    return of.stream().allMatch(Check::reachable) ? 1 : 0;
  }

  /** The models of a workflow's chain: its model, then its fallback models. */
  static List<ModelSpec> chain(ConfigSnapshot snapshot) {
    AgentWorkflowSpec spec = snapshot.config().getWorkflow().getSpec();
    if (spec == null || spec.getModel() == null) {
      return List.of();
    }
    List<ModelSpec> chain = new ArrayList<>();
    chain.add(spec.getModel());
    if (spec.getFallbackModels() != null) {
      chain.addAll(spec.getFallbackModels());
    }
    return chain;
  }

  /** How to probe {@code spec}. */
  static Target target(ModelSpec spec) {
    String name = spec.getName() == null || spec.getName().isBlank() ? "(unnamed)" : spec.getName();
    URI probe = null;
    String endpoint = null;
    String error = null;
    try {
      probe = probeUrl(spec);
      endpoint = probe.getHost() + (probe.getPort() < 0 ? "" : ":" + probe.getPort());
    } catch (IllegalArgumentException e) {
      error = e.getMessage();
    }
    Duration timeout;
    try {
      timeout = ChatModels.timeout(spec);
    } catch (RuntimeException e) {
      timeout = MAX_PROBE_TIMEOUT;
    }
    if (timeout.compareTo(MAX_PROBE_TIMEOUT) > 0 || timeout.isNegative() || timeout.isZero()) {
      timeout = MAX_PROBE_TIMEOUT;
    }
    SecretKeyRef key = spec.getApiKeySecretRef();
    String id =
        spec.getProvider()
            + " "
            + name
            + " "
            + probe
            + (key == null ? "" : " " + key.getName() + "/" + key.getKey());
    return new Target(id, name, spec.getProvider(), probe, endpoint, key, timeout, error);
  }

  /**
   * The URL of the probe: {@code <base URL>/models} where the chat client appends {@code
   * /chat/completions}; Ollama's own {@code /api/tags} at the root of its server.
   *
   * @throws IllegalArgumentException when the spec has no provider, or lacks a needed endpoint
   */
  static URI probeUrl(ModelSpec spec) {
    if (spec.getProvider() == null) {
      throw new IllegalArgumentException("a model needs 'provider'");
    }
    String base = ChatModels.baseUrl(spec).toString().replaceAll("/+$", "");
    if (spec.getProvider() == ModelProvider.Ollama) {
      String root = base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
      return URI.create(root + "/api/tags");
    }
    return URI.create(base + "/models");
  }
}
