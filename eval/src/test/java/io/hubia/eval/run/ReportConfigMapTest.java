package io.hubia.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing the reports into a ConfigMap, against fabric8's mock API server (CRUD mode). */
@EnableKubernetesMockClient(crud = true, https = false)
class ReportConfigMapTest {
  private static final String NAMESPACE = "hubia";
  private static final String NAME = "assistant-evaluation-report";
  private static final String SA_TOKEN = "sa-token-not-to-be-printed";
  private static final Instant EVALUATED = Instant.parse("2026-11-29T10:05:00Z");

  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir Path dir;

  @BeforeEach
  void configMap() {
    client.configMaps().inNamespace(NAMESPACE).withName(NAME).delete();
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace(NAMESPACE)
                .addToLabels("app.kubernetes.io/managed-by", "hubia-operator")
                .endMetadata()
                .addToData("report.html", "<html>an earlier run</html>")
                .build())
        .create();
  }

  private ReportConfigMap target() {
    return new ReportConfigMap(
        URI.create(server.url("/")), SA_TOKEN, null, NAMESPACE, Duration.ofSeconds(10));
  }

  private ConfigMap stored() {
    return client.configMaps().inNamespace(NAMESPACE).withName(NAME).get();
  }

  private RecordedRequest lastPatch() throws InterruptedException {
    RecordedRequest patch = null;
    for (RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        request != null;
        request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (request.getMethod().equals("PATCH")) {
        patch = request;
      }
    }
    return patch;
  }

  @Test
  void mergesBothReportsAndTheEvaluationTimeIntoTheConfigMap() throws Exception {
    String json = "{\"workflow\":\"assistant\",\"passed\":true}";
    String html = "<html><body>é</body></html>";

    String note =
        target()
            .write(
                NAME,
                json.getBytes(StandardCharsets.UTF_8),
                html.getBytes(StandardCharsets.UTF_8),
                EVALUATED);

    assertThat(note).isNull();
    ConfigMap map = stored();
    assertThat(map.getData()).containsEntry("report.json", json).containsEntry("report.html", html);
    assertThat(map.getMetadata().getAnnotations())
        .containsEntry(ReportConfigMap.EVALUATED_AT, EVALUATED.toString());
    assertThat(map.getMetadata().getAnnotations().get(ReportConfigMap.NOTE)).isNull();
    // a merge patch: what the operator set stays
    assertThat(map.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "hubia-operator");
    RecordedRequest patch = lastPatch();
    assertThat(patch.getPath())
        .isEqualTo("/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + NAME);
    assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(patch.getHeader("Authorization")).isEqualTo("Bearer " + SA_TOKEN);
  }

  @Test
  void leavesTheHtmlOutWhenBothReportsWouldBeOver900KibAndSaysWhy() throws Exception {
    byte[] json = ("{\"answer\":\"" + "a".repeat(600 * 1024) + "\"}").getBytes();
    byte[] html = ("<html>" + "b".repeat(400 * 1024) + "</html>").getBytes();

    String note = target().write(NAME, json, html, EVALUATED);

    assertThat(note).contains("report.html left out").contains("900 KiB");
    ConfigMap map = stored();
    assertThat(map.getData().get("report.json")).hasSize(json.length);
    // the earlier run's HTML is removed (null in a merge patch, RFC 7386; the mock keeps the key)
    assertThat(map.getData().get("report.html")).isNull();
    assertThat(map.getMetadata().getAnnotations()).containsEntry(ReportConfigMap.NOTE, note);

    // the next, smaller run puts the HTML back and removes the note
    target().write(NAME, "{}".getBytes(), "<html/>".getBytes(), EVALUATED.plusSeconds(60));
    ConfigMap next = stored();
    assertThat(next.getData()).containsEntry("report.html", "<html/>");
    assertThat(next.getMetadata().getAnnotations().get(ReportConfigMap.NOTE)).isNull();
  }

  @Test
  void aMissingConfigMapOrAnOversizedReportIsAnErrorThatNamesItButNotTheToken() {
    assertThatThrownBy(() -> target().write("no-such-map", "{}".getBytes(), null, EVALUATED))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("404")
        .hasMessageContaining(NAMESPACE + "/no-such-map")
        .hasMessageNotContaining(SA_TOKEN);
    assertThatThrownBy(() -> target().write(NAME, new byte[1100 * 1024], null, EVALUATED))
        .hasMessageContaining("more than a ConfigMap can hold");
    assertThatThrownBy(() -> target().write("Not_A_Name", "{}".getBytes(), null, EVALUATED))
        .hasMessageContaining("not a valid ConfigMap name");
  }

  @Test
  void findsTheApiServerTokenAndNamespaceOfThePod() throws Exception {
    assertThatThrownBy(() -> ReportConfigMap.inCluster(Map.of()))
        .hasMessageContaining("KUBERNETES_SERVICE_HOST");
    Map<String, String> env =
        Map.of(
            "KUBERNETES_SERVICE_HOST",
            "10.96.0.1",
            "KUBERNETES_SERVICE_PORT",
            "443",
            ReportConfigMap.SERVICE_ACCOUNT_ENV,
            dir.toString());
    assertThatThrownBy(() -> ReportConfigMap.inCluster(env))
        .hasMessageContaining("service account token");
    Files.writeString(dir.resolve("token"), SA_TOKEN + "\n");
    Files.writeString(dir.resolve("namespace"), NAMESPACE);
    assertThatThrownBy(() -> ReportConfigMap.inCluster(env))
        .hasMessageContaining("ca.crt")
        .hasMessageNotContaining(SA_TOKEN);
    Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nnope\n");
    assertThatThrownBy(() -> ReportConfigMap.inCluster(env))
        .hasMessageContaining("not a PEM certificate");
  }

  /**
   * Over https, the API server is trusted through the service account's {@code ca.crt} only: a
   * server whose certificate it does not hold is refused.
   */
  @Test
  void trustsTheClusterCaOverHttps() throws Exception {
    Path keystore = dir.resolve("server.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "api",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "api",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-file",
        dir.resolve("ca.crt").toString());
    Files.writeString(dir.resolve("token"), SA_TOKEN);
    Files.writeString(dir.resolve("namespace"), NAMESPACE);

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keys.getKeyManagers(), null, null);
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    AtomicReference<String> seen = new AtomicReference<>();
    https.createContext(
        "/",
        exchange -> {
          seen.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.getRequestBody().readAllBytes();
          byte[] body = "{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    https.start();
    try {
      Map<String, String> env =
          Map.of(
              "KUBERNETES_SERVICE_HOST",
              "127.0.0.1",
              "KUBERNETES_SERVICE_PORT",
              String.valueOf(https.getAddress().getPort()),
              ReportConfigMap.SERVICE_ACCOUNT_ENV,
              dir.toString());
      ReportConfigMap inCluster = ReportConfigMap.inCluster(env);
      assertThat(inCluster.namespace()).isEqualTo(NAMESPACE);

      assertThat(inCluster.write(NAME, "{}".getBytes(), "<html/>".getBytes(), EVALUATED)).isNull();
      assertThat(seen.get())
          .isEqualTo("PATCH /api/v1/namespaces/hubia/configmaps/" + NAME + " Bearer " + SA_TOKEN);

      // another CA: the same server is not trusted
      Path other = dir.resolve("other");
      Files.createDirectories(other);
      keytool(
          "-genkeypair",
          "-alias",
          "other",
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=localhost",
          "-validity",
          "2",
          "-keystore",
          other.resolve("o.p12").toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          "changeit");
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "other",
          "-keystore",
          other.resolve("o.p12").toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          "changeit",
          "-file",
          other.resolve("ca.crt").toString());
      Files.writeString(other.resolve("token"), SA_TOKEN);
      Files.writeString(other.resolve("namespace"), NAMESPACE);
      seen.set(null);
      Map<String, String> untrusted = new java.util.HashMap<>(env);
      untrusted.put(ReportConfigMap.SERVICE_ACCOUNT_ENV, other.toString());
      assertThatThrownBy(
              () ->
                  ReportConfigMap.inCluster(untrusted)
                      .write(NAME, "{}".getBytes(), null, EVALUATED))
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
      assertThat(seen.get()).isNull();
    } finally {
      https.stop(0);
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
