package io.hubia.runtime.ingest.job;

import static io.hubia.api.sync.IngestionJobContract.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubia.search.OpenSearchEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenSearch endpoint a sync Job reads from its environment. */
class IngestCommandJobTest {
  private static final String URL = "https://opensearch.hubia-system.svc:9200";
  private static final String PEM =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  private static Map<String, String> env(String caFile) {
    Map<String, String> env = new HashMap<>();
    env.put(ENV_NAMESPACE, "team-a");
    env.put(ENV_NAME, "guides");
    env.put(ENV_SPEC, "{}");
    env.put(ENV_OPENSEARCH_URL, URL);
    env.put(ENV_OPENSEARCH_USERNAME, "hubia");
    env.put(ENV_OPENSEARCH_PASSWORD, "s3cret");
    if (caFile != null) {
      env.put(ENV_OPENSEARCH_CA_FILE, caFile);
    }
    return env;
  }

  @Test
  void theCaFileIsTrustedWhenItExists(@TempDir Path dir) throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.crt"), PEM);

    assertThat(IngestCommand.Job.from(env(ca.toString())).endpoint())
        .isEqualTo(
            OpenSearchEndpoint.of(URI.create(URL))
                .withBasicAuth("hubia", "s3cret")
                .withCaCertificate(PEM));
  }

  @Test
  void aCaFileThatIsNotThereMeansTheJvmTrustStoreNotAFailedSync(@TempDir Path dir) {
    // the operator always names the file with a connection Secret; the Secret's ca.crt is optional
    OpenSearchEndpoint endpoint =
        IngestCommand.Job.from(env(dir.resolve("opensearch/ca.crt").toString())).endpoint();

    assertThat(endpoint)
        .isEqualTo(OpenSearchEndpoint.of(URI.create(URL)).withBasicAuth("hubia", "s3cret"));
    assertThat(endpoint.caCertificatePem()).isNull();
  }

  @Test
  void noCaFileMeansTheJvmTrustStore() {
    assertThat(IngestCommand.Job.from(env(null)).endpoint().caCertificatePem()).isNull();
  }

  @Test
  void aCaFileThatExistsButCannotBeReadIsAnInvalidJob(@TempDir Path dir) {
    assertThatThrownBy(() -> IngestCommand.Job.from(env(dir.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read the OpenSearch CA file");
  }
}
