package io.hubia.search;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/**
 * Builds every OpenSearch client of Hubia, so that transport, JSON mapping, authentication and TLS
 * are decided in one place: Apache HttpClient 5 transport and Jackson. Close a client with {@code
 * client._transport().close()}.
 */
public final class OpenSearchClients {

  private OpenSearchClients() {}

  /** A client for a cluster without authentication, e.g. {@link EmbeddedOpenSearch#url()}. */
  public static OpenSearchClient create(URI url) {
    return create(OpenSearchEndpoint.of(url));
  }

  /** A client for the endpoint, with its basic authentication and CA certificate if set. */
  public static OpenSearchClient create(OpenSearchEndpoint endpoint) {
    HttpHost host =
        new HttpHost(endpoint.url().getScheme(), endpoint.url().getHost(), port(endpoint));
    ApacheHttpClient5TransportBuilder transport =
        ApacheHttpClient5TransportBuilder.builder(host).setMapper(new JacksonJsonpMapper());
    String path = endpoint.url().getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      transport.setPathPrefix(path);
    }
    SSLContext sslContext = endpoint.caCertificatePem() == null ? null : sslContext(endpoint);
    transport.setHttpClientConfigCallback(
        builder -> {
          if (endpoint.username() != null) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(
                new AuthScope(host),
                new UsernamePasswordCredentials(
                    endpoint.username(), endpoint.password().toCharArray()));
            builder.setDefaultCredentialsProvider(credentials);
          }
          if (sslContext != null) {
            // Same pool and timeouts as the transport's own connection manager, another trust.
            builder.setConnectionManager(
                PoolingAsyncClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(
                        ApacheHttpClient5TransportBuilder.DEFAULT_MAX_CONN_PER_ROUTE)
                    .setMaxConnTotal(ApacheHttpClient5TransportBuilder.DEFAULT_MAX_CONN_TOTAL)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(
                                Timeout.ofMilliseconds(
                                    ApacheHttpClient5TransportBuilder
                                        .DEFAULT_CONNECT_TIMEOUT_MILLIS))
                            .setSocketTimeout(
                                Timeout.ofMilliseconds(
                                    ApacheHttpClient5TransportBuilder
                                        .DEFAULT_RESPONSE_TIMEOUT_MILLIS))
                            .build())
                    .setTlsStrategy(
                        ClientTlsStrategyBuilder.create().setSslContext(sslContext).buildAsync())
                    .build());
          }
          return builder;
        });
    return new OpenSearchClient(transport.build());
  }

  private static int port(OpenSearchEndpoint endpoint) {
    int port = endpoint.url().getPort();
    if (port >= 0) {
      return port;
    }
    return endpoint.isTls() ? 443 : 80;
  }

  /** Trusts exactly the endpoint's PEM certificate(s); host names are still verified. */
  static SSLContext sslContext(OpenSearchEndpoint endpoint) {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(
                      endpoint.caCertificatePem().getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("the OpenSearch CA certificate holds no certificate");
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        trust.setCertificateEntry("opensearch-ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "the OpenSearch CA certificate is not a valid PEM certificate: " + e.getMessage(), e);
    }
  }
}
