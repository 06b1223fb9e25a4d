package io.hubia.operator.index;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.spec.OpenSearchIndexSpec;
import io.hubia.operator.OperatorSettings;
import io.hubia.search.OpenSearchClients;
import io.hubia.search.OpenSearchEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenSearch cluster of each RetrievalIndex, as the operator reaches it: the index's own
 * connection Secret ({@code spec.opensearch.connectionSecretName}: keys {@code url}, {@code
 * username}, {@code password}, {@code ca.crt}) or the operator's default (URL from its settings,
 * credentials and CA from its environment). Clients are kept per endpoint and closed with this.
 * Secret values are read with a GET, never cached in an informer, and never logged.
 */
public final class OpenSearchConnections implements AutoCloseable {
  /** Operator environment: user name for the default cluster. */
  public static final String ENV_USERNAME = "HUBIA_OPENSEARCH_USERNAME";

  /** Operator environment: password for the default cluster. */
  public static final String ENV_PASSWORD = "HUBIA_OPENSEARCH_PASSWORD";

  /** Operator environment: file of PEM CA certificate(s) for the default cluster. */
  public static final String ENV_CA_FILE = "HUBIA_OPENSEARCH_CA_FILE";

  /** Clients kept at most; the least recently used is closed first. */
  static final int MAX_CLIENTS = 32;

  private static final Logger LOG = LoggerFactory.getLogger(OpenSearchConnections.class);

  private final KubernetesClient kubernetes;
  private final OpenSearchEndpoint defaultEndpoint;
  private final Map<OpenSearchEndpoint, OpenSearchClient> clients =
      new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @param defaultEndpoint the operator's default cluster
   */
  public OpenSearchConnections(KubernetesClient kubernetes, OpenSearchEndpoint defaultEndpoint) {
    this.kubernetes = Objects.requireNonNull(kubernetes, "kubernetes");
    this.defaultEndpoint = Objects.requireNonNull(defaultEndpoint, "defaultEndpoint");
  }

  /** The default endpoint from the operator's settings and environment. */
  public static OpenSearchEndpoint defaultEndpoint(
      OperatorSettings settings, Map<String, String> env) {
    OpenSearchEndpoint endpoint = OpenSearchEndpoint.of(URI.create(settings.opensearchUrl()));
    String username = env.get(ENV_USERNAME);
    String password = env.get(ENV_PASSWORD);
    if (username != null && !username.isBlank() && password != null) {
      endpoint = endpoint.withBasicAuth(username, password);
    }
    String caFile = env.get(ENV_CA_FILE);
    if (caFile != null && !caFile.isBlank()) {
      try {
        endpoint = endpoint.withCaCertificate(Files.readString(Path.of(caFile)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the OpenSearch CA file " + caFile, e);
      }
    }
    return endpoint;
  }

  /** The endpoint of {@code index}. */
  public OpenSearchEndpoint endpoint(RetrievalIndex index) throws InvalidConnectionException {
    OpenSearchIndexSpec spec = index.getSpec().getOpensearch();
    String secretName = spec == null ? null : spec.getConnectionSecretName();
    if (secretName == null) {
      return defaultEndpoint;
    }
    String namespace = index.getMetadata().getNamespace();
    Secret secret = kubernetes.secrets().inNamespace(namespace).withName(secretName).get();
    if (secret == null) {
      throw new InvalidConnectionException(
          "the OpenSearch connection Secret '"
              + secretName
              + "' does not exist in namespace "
              + namespace
              + ": create it with keys url, username, password and optionally ca.crt");
    }
    String url = value(secret, "url");
    if (url == null) {
      throw new InvalidConnectionException(
          "the OpenSearch connection Secret '" + secretName + "' has no key 'url'");
    }
    try {
      OpenSearchEndpoint endpoint = OpenSearchEndpoint.of(URI.create(url.strip()));
      String username = value(secret, "username");
      String password = value(secret, "password");
      if (username != null || password != null) {
        if (username == null || password == null) {
          throw new InvalidConnectionException(
              "the OpenSearch connection Secret '"
                  + secretName
                  + "' needs both 'username' and 'password', or neither");
        }
        endpoint = endpoint.withBasicAuth(username.strip(), password.strip());
      }
      String ca = value(secret, "ca.crt");
      if (ca != null) {
        endpoint = endpoint.withCaCertificate(ca);
      }
      return endpoint;
    } catch (IllegalArgumentException e) {
      throw new InvalidConnectionException(
          "the OpenSearch connection Secret '" + secretName + "' is invalid: " + e.getMessage());
    }
  }

  /** A client of {@code index}'s cluster. */
  public OpenSearchClient client(RetrievalIndex index) throws InvalidConnectionException {
    return client(endpoint(index));
  }

  /** A client of {@code endpoint}, created on first use. */
  public synchronized OpenSearchClient client(OpenSearchEndpoint endpoint) {
    OpenSearchClient client = clients.get(endpoint);
    if (client == null) {
      client = OpenSearchClients.create(endpoint);
      clients.put(endpoint, client);
      if (clients.size() > MAX_CLIENTS) {
        var eldest = clients.entrySet().iterator().next();
        close(eldest.getValue());
        clients.remove(eldest.getKey());
      }
    }
    return client;
  }

  @Override
  public synchronized void close() {
    clients.values().forEach(OpenSearchConnections::close);
    clients.clear();
  }

  private static void close(OpenSearchClient client) {
    try {
      client._transport().close();
    } catch (IOException e) {
      LOG.debug("closing an OpenSearch client failed", e);
    }
  }

  private static String value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null) {
      return secret.getStringData().get(key);
    }
    return null;
  }

  /** The connection settings of an index cannot be used; the message says what to fix. */
  public static final class InvalidConnectionException extends Exception {
    public InvalidConnectionException(String message) {
      super(message);
    }
  }
}
