package io.hubia.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The TLS and basic-authentication path of {@link OpenSearchClients} against a local HTTPS server
 * with a self-signed certificate made by keytool (the embedded node runs without security).
 */
class OpenSearchClientsIT {

  private static final char[] STORE_PASSWORD = "changeit".toCharArray();
  private static final String INFO =
      """
      {"name":"tls-node","cluster_name":"tls","cluster_uuid":"u",
       "version":{"distribution":"opensearch","number":"2.19.1","build_type":"tar",
        "build_hash":"h","build_date":"2025-02-27T01:16:47Z","build_snapshot":false,
        "lucene_version":"9.12.1","minimum_wire_compatibility_version":"7.10.0",
        "minimum_index_compatibility_version":"7.0.0"},
       "tagline":"The OpenSearch Project: https://opensearch.org/"}
      """;

  @TempDir static Path dir;
  private static HttpsServer server;
  private static String caPem;
  private static final List<String> paths = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    caPem =
        keytool(
            "-exportcert",
            "-rfc",
            "-alias",
            "server",
            "-keystore",
            keystore.toString(),
            "-storepass",
            "changeit");

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      keys.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, STORE_PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), null, null);

    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("hubia:s3cret".getBytes(StandardCharsets.UTF_8));
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getPath());
          if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
          }
          byte[] body = INFO.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void trustsTheGivenCaAndAuthenticates() throws IOException {
    OpenSearchEndpoint endpoint =
        OpenSearchEndpoint.of(url("/search"))
            .withBasicAuth("hubia", "s3cret")
            .withCaCertificate(caPem);

    OpenSearchClient client = OpenSearchClients.create(endpoint);
    try {
      assertThat(client.info().version().number()).isEqualTo("2.19.1");
    } finally {
      client._transport().close();
    }
    assertThat(paths).contains("/search/");
  }

  @Test
  void aWrongPasswordIsRefused() throws IOException {
    OpenSearchClient client =
        OpenSearchClients.create(
            OpenSearchEndpoint.of(url(""))
                .withBasicAuth("hubia", "wrong")
                .withCaCertificate(caPem));
    try {
      assertThatThrownBy(client::info).hasMessageContaining("Unauthorized");
    } finally {
      client._transport().close();
    }
  }

  @Test
  void withoutTheCaTheServerIsNotTrusted() throws IOException {
    OpenSearchClient client =
        OpenSearchClients.create(OpenSearchEndpoint.of(url("")).withBasicAuth("hubia", "s3cret"));
    try {
      assertThatThrownBy(client::info).hasStackTraceContaining("SSL");
    } finally {
      client._transport().close();
    }
  }

  private static URI url(String path) {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static String keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
