package io.hubia.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSearchEndpointTest {

  @Test
  void toStringNeverShowsThePassword() {
    OpenSearchEndpoint endpoint =
        OpenSearchEndpoint.of(URI.create("https://search.example:9200"))
            .withBasicAuth("hubia", "s3cret-value")
            .withCaCertificate("-----BEGIN CERTIFICATE-----");

    assertThat(endpoint.toString())
        .doesNotContain("s3cret-value")
        .doesNotContain("BEGIN CERTIFICATE")
        .contains("hubia", "****", "https://search.example:9200");
  }

  @Test
  void refusesCredentialsInTheUrl() {
    assertThatThrownBy(() -> OpenSearchEndpoint.of(URI.create("https://u:p@search.example")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("u:p");
  }

  @Test
  void refusesAUserWithoutPassword() {
    assertThatThrownBy(
            () -> new OpenSearchEndpoint(URI.create("http://localhost:9200"), "u", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesACaCertificateWithoutTls() {
    assertThatThrownBy(
            () -> OpenSearchEndpoint.of(URI.create("http://localhost:9200")).withCaCertificate("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @Test
  void refusesOtherSchemes() {
    assertThatThrownBy(() -> OpenSearchEndpoint.of(URI.create("ftp://localhost")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenSearchEndpoint.of(URI.create("localhost:9200")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInvalidCaCertificateIsAClearError() {
    OpenSearchEndpoint endpoint =
        OpenSearchEndpoint.of(URI.create("https://localhost:9200")).withCaCertificate("not a PEM");

    assertThatThrownBy(() -> OpenSearchClients.create(endpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CA certificate");
  }

  @Test
  void aCaFileIsReadWhenItExists(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nx\n");

    assertThat(OpenSearchEndpoint.readCaCertificate(file))
        .isEqualTo("-----BEGIN CERTIFICATE-----\nx\n");
  }

  @Test
  void aMissingOrBlankCaFileMeansNoCa(@TempDir Path dir) throws IOException {
    assertThat(OpenSearchEndpoint.readCaCertificate(dir.resolve("ca.crt"))).isNull();
    assertThat(OpenSearchEndpoint.readCaCertificate(Files.writeString(dir.resolve("b"), "\n")))
        .isNull();
  }

  @Test
  void aCaFileThatExistsButCannotBeReadIsAnError(@TempDir Path dir) {
    // a folder exists and cannot be read as a file
    assertThatThrownBy(() -> OpenSearchEndpoint.readCaCertificate(dir))
        .isInstanceOf(IOException.class);
  }
}
