package io.hubia.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.search.OpenSearchEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchClientsTest {
  private static final String URL = "https://opensearch.hubia-system.svc:9200";
  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  private final SearchClients clients = new SearchClients(new SimpleMeterRegistry());

  private static RuntimeConfig.OpenSearch opensearch(String caFile) {
    RuntimeConfig.OpenSearch opensearch = new RuntimeConfig.OpenSearch();
    opensearch.setUrl(URL);
    opensearch.setCaFile(caFile);
    return opensearch;
  }

  @Test
  void theCaOfTheConfiguredFileIsTrustedWhenTheFileExists(@TempDir Path dir) throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.crt"), PEM);

    assertThat(clients.endpoint(opensearch(ca.toString())))
        .isEqualTo(OpenSearchEndpoint.of(URI.create(URL)).withCaCertificate(PEM))
        .satisfies(e -> assertThat(e.caCertificatePem()).isEqualTo(PEM));
  }

  @Test
  void aConfiguredFileThatDoesNotExistMeansTheJvmTrustStore(@TempDir Path dir) {
    // the Secret has no ca.crt: its optional item is absent from the mounted volume
    OpenSearchEndpoint endpoint = clients.endpoint(opensearch(dir.resolve("ca.crt").toString()));

    assertThat(endpoint).isEqualTo(OpenSearchEndpoint.of(URI.create(URL)));
    assertThat(endpoint.caCertificatePem()).isNull();
  }

  @Test
  void noConfiguredFileMeansTheJvmTrustStore() {
    assertThat(clients.endpoint(opensearch(null)).caCertificatePem()).isNull();
  }

  @Test
  void theSameFileGivesTheSameEndpointSoTheClientIsReused(@TempDir Path dir) throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.crt"), PEM);
    OpenSearchEndpoint first = clients.endpoint(opensearch(ca.toString()));

    assertThat(clients.endpoint(opensearch(ca.toString()))).isEqualTo(first);
  }

  @Test
  void aCaFileThatCannotBeReadIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> clients.endpoint(opensearch(dir.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read the OpenSearch CA file " + dir);
  }

  @Test
  void aConfigurationWithoutUrlIsRefused() {
    assertThatThrownBy(() -> clients.endpoint(new RuntimeConfig.OpenSearch()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no OpenSearch URL");
  }
}
