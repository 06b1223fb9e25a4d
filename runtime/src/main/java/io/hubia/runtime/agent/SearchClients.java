package io.hubia.runtime.agent;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.search.OpenSearchClients;
import io.hubia.search.OpenSearchEndpoint;
import io.hubia.search.index.IndexNames;
import io.hubia.search.retrieve.HybridRetriever;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The OpenSearch clients of the runtime, one per cluster a configuration names ({@code
 * opensearch.url}, credentials from the environment variables it names, TLS trusting the CA of
 * {@code opensearch.caFile} when that file exists and the JVM's trust store otherwise), with their
 * retrievers. A reloaded configuration naming the same cluster reuses its client. A CA file is read
 * once: a CA added or replaced in its Secret later is trusted from the next pod start.
 */
@Singleton
public class SearchClients {
  private static final Logger LOG = Logger.getLogger(SearchClients.class);

  private final Map<OpenSearchEndpoint, OpenSearchClient> clients = new HashMap<>();
  private final Map<OpenSearchEndpoint, HybridRetriever> retrievers = new HashMap<>();

  /** The PEM of each CA file named so far ({@code ""} for none), empty when the file is absent. */
  private final Map<String, Optional<String>> caCertificates = new HashMap<>();

  /**
   * Chunks the retrievers' Java re-check dropped (OpenSearch returned a chunk the caller may not
   * read) over every retriever so far, closed ones included: any increase is a bug or a tampered
   * index to investigate.
   */
  private long droppedByClosedRetrievers;

  public SearchClients(MeterRegistry registry) {
    FunctionCounter.builder(
            "hubia.retrieval.recheck.dropped", this, SearchClients::droppedByRecheck)
        .description(
            "Retrieved chunks the runtime's re-check dropped as not readable by the caller (a"
                + " filter that let them through: investigate)")
        .register(registry);
  }

  /** Chunks dropped by the re-check of every retriever so far. */
  synchronized long droppedByRecheck() {
    return droppedByClosedRetrievers
        + retrievers.values().stream().mapToLong(HybridRetriever::droppedByRecheck).sum();
  }

  /** The retriever for the cluster of {@code config}. */
  public synchronized HybridRetriever retriever(RuntimeConfig config) {
    OpenSearchEndpoint endpoint = endpoint(config.getOpensearch());
    return retrievers.computeIfAbsent(endpoint, e -> new HybridRetriever(client(e)));
  }

  /** The client for the cluster of {@code config}. */
  public synchronized OpenSearchClient client(RuntimeConfig config) {
    return client(endpoint(config.getOpensearch()));
  }

  private OpenSearchClient client(OpenSearchEndpoint endpoint) {
    return clients.computeIfAbsent(endpoint, OpenSearchClients::create);
  }

  /**
   * The alias the runtime queries for {@code index}: the one the operator rendered (from the
   * RetrievalIndex's status), else the naming convention of its namespace; {@code null} when
   * neither is known (such an index is never searched).
   */
  public static String alias(RuntimeConfig config, RuntimeConfig.Index index) {
    if (index.getAlias() != null) {
      return index.getAlias();
    }
    String namespace = config.getWorkflow() == null ? null : config.getWorkflow().getNamespace();
    return namespace == null ? null : IndexNames.alias(namespace, index.getName());
  }

  /** The endpoint of {@code opensearch}: its URL, credentials and CA. */
  synchronized OpenSearchEndpoint endpoint(RuntimeConfig.OpenSearch opensearch) {
    if (opensearch == null || opensearch.getUrl() == null) {
      throw new IllegalStateException("the runtime configuration names no OpenSearch URL");
    }
    OpenSearchEndpoint endpoint = OpenSearchEndpoint.of(URI.create(opensearch.getUrl()));
    String username = env(opensearch.getUsernameEnv());
    String password = env(opensearch.getPasswordEnv());
    if (username != null && password != null) {
      endpoint = endpoint.withBasicAuth(username, password);
    }
    Optional<String> ca = caCertificate(opensearch.getCaFile());
    return ca.isPresent() ? endpoint.withCaCertificate(ca.get()) : endpoint;
  }

  /**
   * The CA certificate(s) of {@code file}, read on first use and logged once: none when no file is
   * named or the named one does not exist (the Secret has no {@code ca.crt}).
   */
  private Optional<String> caCertificate(String file) {
    String key = file == null ? "" : file.strip();
    Optional<String> known = caCertificates.get(key);
    if (known != null) {
      return known;
    }
    Optional<String> ca;
    if (key.isEmpty()) {
      ca = Optional.empty();
      LOG.info("OpenSearch TLS trusts the JVM's trust store: the configuration names no CA file");
    } else {
      try {
        ca = Optional.ofNullable(OpenSearchEndpoint.readCaCertificate(Path.of(key)));
      } catch (IOException | InvalidPathException e) {
        // not kept: the next request tries again
        throw new IllegalStateException("cannot read the OpenSearch CA file " + key + ": " + e, e);
      }
      if (ca.isPresent()) {
        LOG.infof("OpenSearch TLS trusts the CA certificate(s) of %s", key);
      } else {
        LOG.infof("OpenSearch TLS trusts the JVM's trust store: there is no CA file at %s", key);
      }
    }
    caCertificates.put(key, ca);
    return ca;
  }

  private static String env(String name) {
    if (name == null) {
      return null;
    }
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value;
  }

  @PreDestroy
  synchronized void close() {
    for (OpenSearchClient client : clients.values()) {
      try {
        client._transport().close();
      } catch (IOException e) {
        LOG.debug("closing an OpenSearch client failed", e);
      }
    }
    clients.clear();
    droppedByClosedRetrievers = droppedByRecheck();
    retrievers.clear();
  }
}
