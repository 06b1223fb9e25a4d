package io.hubia.runtime.health;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.runtime.agent.SearchClients;
import io.hubia.runtime.config.ConfigSnapshot;
import io.hubia.runtime.config.ConfigWatcher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * Whether the OpenSearch clusters the served configurations name answer, and whether the alias of
 * every index they read exists, probed in the background every {@code hubia.search.check-interval};
 * {@link #status()} only reads what the last probes found.
 *
 * <p>A probe is {@code HEAD /} and one {@code HEAD /_alias/<alias>} per alias, sent through the
 * runtime's own client of the cluster ({@link SearchClients}: same credentials, same TLS trust).
 * They are waited for at most {@code hubia.search.check-timeout}. A request still running then is
 * not sent again until it ends (the client gives up after its own response timeout), so a node that
 * never answers costs one connection, not one more per probe.
 */
@Singleton
public class SearchHealth {
  private static final Logger LOG = Logger.getLogger(SearchHealth.class);

  /** Stands for a 404 on an alias in {@link #problem}. */
  static final String MISSING = "missing";

  /**
   * Longest wait between two looks at the configuration: new clusters and aliases are probed within
   * it.
   */
  static final Duration TICK = Duration.ofSeconds(1);

  /** A cluster's state. */
  public enum State {
    /** It answered and every alias exists. */
    UP,
    /** Unreachable, refusing the runtime's credentials, or an alias is missing. */
    DOWN,
    /** Named by a configuration, not probed yet. */
    NOT_CHECKED
  }

  /**
   * One cluster, as readiness shows it.
   *
   * @param url its URL, without credentials
   * @param state its state
   * @param lastCheck when it was last probed; {@code null} before the first probe
   * @param aliases the aliases the configurations read on it
   * @param problems what is wrong, one phrase each; empty when UP
   */
  public record Cluster(
      String url, State state, Instant lastCheck, List<String> aliases, List<String> problems) {
    public Cluster {
      aliases = List.copyOf(aliases);
      problems = List.copyOf(problems);
    }
  }

  /**
   * What the search check reports.
   *
   * @param configured whether a configuration is loaded: before, there is nothing to probe
   * @param clusters the clusters the configurations name, by URL
   */
  public record Status(boolean configured, List<Cluster> clusters) {
    public Status {
      clusters = List.copyOf(clusters);
    }

    /** Whether every cluster is UP (true when none is named). */
    public boolean up() {
      return clusters.stream().allMatch(c -> c.state() == State.UP);
    }
  }

  /** A cluster to probe: its URL as configured, a configuration naming it, the aliases read. */
  record Target(String url, RuntimeConfig config, SortedSet<String> aliases) {}

  /**
   * What the latest probe of a cluster found.
   *
   * @param at when it was made
   * @param error why the cluster failed as a whole, or {@code null}
   * @param aliases each alias probed, with its problem ({@code ""} when it exists); empty when the
   *     cluster failed
   */
  record Probe(Instant at, String error, Map<String, String> aliases) {
    Probe {
      aliases = Map.copyOf(aliases);
    }
  }

  /** The requests of a probe, kept while they run past the wait. */
  private record InFlight(
      Instant started,
      CompletableFuture<Integer> root,
      Map<String, CompletableFuture<Integer>> aliases) {
    boolean done() {
      return root.isDone() && aliases.values().stream().allMatch(CompletableFuture::isDone);
    }
  }

  /** The HTTP status of a request, or why there is none. */
  private record Outcome(int status, String error) {}

  private final Supplier<List<ConfigSnapshot>> snapshots;
  private final Function<RuntimeConfig, OpenSearchClient> clients;
  private final Duration interval;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, Probe> probes = new ConcurrentHashMap<>();

  /** Probes whose requests outlived the wait; only touched by {@link #checkNow()}. */
  private final Map<String, InFlight> running = new HashMap<>();

  private BackgroundCheck background;

  @Inject
  public SearchHealth(ConfigWatcher config, SearchClients search, SearchCheckSettings settings) {
    this(
        config::snapshots,
        search::client,
        settings.checkInterval(),
        settings.checkTimeout(),
        Clock.systemUTC());
  }

  SearchHealth(
      Supplier<List<ConfigSnapshot>> snapshots,
      Function<RuntimeConfig, OpenSearchClient> clients,
      Duration interval,
      Duration timeout,
      Clock clock) {
    this.snapshots = snapshots;
    this.clients = clients;
    this.interval = interval;
    this.timeout = timeout;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) {
    Duration tick = interval.compareTo(TICK) < 0 ? interval : TICK;
    background = BackgroundCheck.start("hubia-search-check", tick, this::checkNow, LOG);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (background != null) {
      background.close();
    }
  }

  /** The clusters of the served configurations, as the last probes found them. Never blocks. */
  public Status status() {
    List<ConfigSnapshot> all = snapshots.get();
    if (all.isEmpty()) {
      return new Status(false, List.of());
    }
    return new Status(
        true, targets(all).stream().map(t -> cluster(t, probes.get(t.url()))).toList());
  }

  /**
   * Probes every cluster whose last probe is older than the check interval, or whose aliases
   * changed; waits for the answers at most the check timeout. Run by the background thread (and by
   * tests).
   */
  synchronized void checkNow() {
    List<Target> targets = targets(snapshots.get());
    Set<String> urls = new TreeSet<>();
    targets.forEach(t -> urls.add(t.url()));
    probes.keySet().retainAll(urls);
    running.keySet().retainAll(urls);

    Instant now = clock.instant();
    List<Map.Entry<Target, InFlight>> launched = new ArrayList<>();
    for (Target t : targets) {
      Probe last = probes.get(t.url());
      boolean due =
          last == null
              || (last.error() == null && !last.aliases().keySet().equals(t.aliases()))
              || !now.isBefore(last.at().plus(interval));
      if (!due) {
        continue;
      }
      InFlight previous = running.get(t.url());
      if (previous != null && !previous.done()) {
        record(
            t,
            new Probe(
                now,
                "no answer since " + previous.started() + " (the request is still running)",
                Map.of()));
        continue;
      }
      running.remove(t.url());
      try {
        launched.add(Map.entry(t, launch(t)));
      } catch (RuntimeException e) {
        // a configuration the client cannot be built from: no URL, a malformed one
        String reason = e.getMessage() == null ? describe(e) : e.getMessage();
        record(t, new Probe(now, clean(reason, t.url()), Map.of()));
      }
    }

    long deadline = System.nanoTime() + timeout.toNanos();
    for (Map.Entry<Target, InFlight> entry : launched) {
      Target t = entry.getKey();
      InFlight requests = entry.getValue();
      record(t, collect(t, requests, deadline));
      if (!requests.done()) {
        running.put(t.url(), requests);
      }
    }
  }

  private InFlight launch(Target t) {
    OpenSearchClient client = clients.apply(t.config());
    OpenSearchGenericClient generic =
        new OpenSearchGenericClient(client._transport(), client._transportOptions());
    CompletableFuture<Integer> root = head(generic, "/");
    Map<String, CompletableFuture<Integer>> aliases = new TreeMap<>();
    for (String alias : t.aliases()) {
      aliases.put(
          alias, head(generic, "/_alias/" + URLEncoder.encode(alias, StandardCharsets.UTF_8)));
    }
    return new InFlight(clock.instant(), root, aliases);
  }

  private static CompletableFuture<Integer> head(OpenSearchGenericClient client, String path) {
    return client
        .executeAsync(Requests.builder().method("HEAD").endpoint(path).build())
        .thenApply(SearchHealth::statusOf);
  }

  private static int statusOf(Response response) {
    int status = response.getStatus();
    try {
      response.close();
    } catch (IOException e) {
      LOG.debug("closing a probe response failed", e);
    }
    return status;
  }

  private Probe collect(Target t, InFlight requests, long deadline) {
    Instant at = clock.instant();
    Outcome root = await(requests.root(), deadline);
    String error = root.error() != null ? root.error() : problem(root.status(), false);
    if (error != null) {
      return new Probe(at, clean(error, t.url()), Map.of());
    }
    Map<String, String> aliases = new TreeMap<>();
    requests
        .aliases()
        .forEach(
            (alias, request) -> {
              Outcome outcome = await(request, deadline);
              String problem =
                  outcome.error() != null ? outcome.error() : problem(outcome.status(), true);
              aliases.put(
                  alias,
                  problem == null
                      ? ""
                      : problem.equals(MISSING)
                          ? "alias " + alias + " does not exist"
                          : "alias " + alias + ": " + clean(problem, t.url()));
            });
    return new Probe(at, null, aliases);
  }

  /** What an HTTP status means for the probe: {@code null} when fine. */
  static String problem(int status, boolean alias) {
    if (status >= 200 && status < 300) {
      return null;
    }
    if (alias && status == 404) {
      return MISSING;
    }
    if (status == 401) {
      return "HTTP 401: the OpenSearch credentials of the runtime were rejected";
    }
    if (status == 403) {
      return "HTTP 403: the runtime's OpenSearch user is not allowed to "
          + (alias ? "read this alias" : "read the cluster's main endpoint (cluster:monitor/main)");
    }
    return "HTTP " + status;
  }

  private Outcome await(CompletableFuture<Integer> request, long deadline) {
    try {
      long left = Math.max(0, deadline - System.nanoTime());
      return new Outcome(request.get(left, TimeUnit.NANOSECONDS), null);
    } catch (TimeoutException e) {
      return new Outcome(0, "no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      // the transport turns most error statuses into an exception; HEAD's 404 is an answer
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof ResponseException answered) {
          return new Outcome(answered.status(), null);
        }
      }
      return new Outcome(0, "unreachable: " + describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(0, "interrupted");
    }
  }

  /** Keeps the probe and logs when what is wrong with the cluster changed. */
  private void record(Target t, Probe probe) {
    Probe previous = probes.put(t.url(), probe);
    List<String> now = cluster(t, probe).problems();
    List<String> before = previous == null ? List.of() : cluster(t, previous).problems();
    if (now.equals(before)) {
      return;
    }
    if (now.isEmpty()) {
      LOG.infof("OpenSearch %s answers, every alias found: %s", display(t.url()), t.aliases());
    } else {
      LOG.warnf("OpenSearch %s not usable: %s", display(t.url()), String.join("; ", now));
    }
  }

  /** The clusters of {@code snapshots} by URL, each with the aliases of every index read there. */
  static List<Target> targets(List<ConfigSnapshot> snapshots) {
    Map<String, Target> byUrl = new TreeMap<>();
    for (ConfigSnapshot s : snapshots) {
      RuntimeConfig config = s.config();
      String url =
          config.getOpensearch() == null || config.getOpensearch().getUrl() == null
              ? ""
              : config.getOpensearch().getUrl().strip();
      Target target = byUrl.computeIfAbsent(url, u -> new Target(u, config, new TreeSet<>()));
      for (RuntimeConfig.Index index : config.getIndexes()) {
        String alias = SearchClients.alias(config, index);
        if (alias != null) {
          target.aliases().add(alias);
        }
      }
    }
    return new ArrayList<>(byUrl.values());
  }

  static Cluster cluster(Target t, Probe p) {
    String url = display(t.url());
    List<String> aliases = List.copyOf(t.aliases());
    if (p == null) {
      return new Cluster(url, State.NOT_CHECKED, null, aliases, List.of("not checked yet"));
    }
    List<String> problems = new ArrayList<>();
    if (p.error() != null) {
      problems.add(p.error());
    } else {
      for (String alias : t.aliases()) {
        String problem = p.aliases().get(alias);
        if (problem == null) {
          problems.add("alias " + alias + " not checked yet");
        } else if (!problem.isEmpty()) {
          problems.add(problem);
        }
      }
    }
    return new Cluster(url, problems.isEmpty() ? State.UP : State.DOWN, p.at(), aliases, problems);
  }

  /** The URL without user information, for data and logs. */
  static String display(String url) {
    if (url == null || url.isBlank()) {
      return "(no OpenSearch URL)";
    }
    try {
      URI uri = new URI(url);
      if (uri.getRawUserInfo() == null) {
        return url;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (Exception e) {
      return "(invalid OpenSearch URL)";
    }
  }

  /** {@code message} with the configured URL replaced by its display form. */
  private static String clean(String message, String url) {
    return url.isEmpty() || message == null ? message : message.replace(url, display(url));
  }

  /**
   * A short description of a failure: the first exception that is not a mere wrapper, with its
   * cause when it has no message of its own (the JDK client's {@code ConnectException}).
   */
  static String describe(Throwable t) {
    Throwable e = t;
    while ((e instanceof java.util.concurrent.CompletionException
            || e instanceof ExecutionException
            || e instanceof java.io.UncheckedIOException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    String text = e.getClass().getSimpleName();
    if (e.getMessage() != null) {
      text += ": " + e.getMessage();
    } else if (e.getCause() != null && e.getCause() != e) {
      Throwable cause = e.getCause();
      text +=
          " ("
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
              + ")";
    }
    return text.length() <= 300 ? text : text.substring(0, 299) + "…";
  }
}
