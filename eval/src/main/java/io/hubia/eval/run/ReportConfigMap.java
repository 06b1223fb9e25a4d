package io.hubia.eval.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Puts the reports of a run into an existing ConfigMap of the pod's namespace, through the
 * Kubernetes API, from inside the cluster, with {@code java.net.http} only: one JSON merge patch
 * ({@code application/merge-patch+json}) of {@code /api/v1/namespaces/{ns}/configmaps/{name}}
 * setting {@code data} keys {@code report.json} and {@code report.html} and the annotation {@value
 * #EVALUATED_AT}.
 *
 * <p>A ConfigMap holds at most 1 MiB, so {@code report.html} is put only when both reports together
 * are at most {@value #HTML_BUDGET_BYTES} bytes; otherwise only {@code report.json} is, {@code
 * report.html} is removed and the annotation {@value #NOTE} says why.
 *
 * <p>In a pod the API is {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}, trusted
 * through the service account's {@code ca.crt}, with its {@code token} as bearer token, in the
 * namespace of its {@code namespace} file. The token is sent in the {@code Authorization} header
 * only, never printed.
 */
public final class ReportConfigMap {
  /** Annotation set to the completion time of the run the reports are of. */
  public static final String EVALUATED_AT = "hubia.io/evaluated-at";

  /** Annotation saying why {@code report.html} is missing, when it is. */
  public static final String NOTE = "hubia.io/report-note";

  /** The largest {@code report.json} plus {@code report.html} put together, in bytes. */
  public static final int HTML_BUDGET_BYTES = 900 * 1024;

  /** The largest {@code report.json} put alone (a ConfigMap holds at most 1 MiB). */
  static final int JSON_BUDGET_BYTES = 1000 * 1024;

  /** Where a pod's service account is mounted. */
  public static final Path SERVICE_ACCOUNT =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** Environment variable that overrides {@link #SERVICE_ACCOUNT} (tests). */
  static final String SERVICE_ACCOUNT_ENV = "HUBIA_EVAL_SERVICE_ACCOUNT_DIR";

  /** Environment variable that overrides the API server URL (tests, or {@code kubectl proxy}). */
  static final String API_URL_ENV = "HUBIA_EVAL_KUBERNETES_API_URL";

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI api;
  private final String token;
  private final SSLContext ssl;
  private final String namespace;
  private final Duration timeout;

  /**
   * @param api the API server, e.g. {@code https://10.96.0.1:443}
   * @param token the bearer token, or {@code null} to send none
   * @param ssl the TLS context trusting the API server, or {@code null} for the JDK's default
   * @param namespace the namespace of the ConfigMap
   * @param timeout bound on connecting and on the request
   */
  public ReportConfigMap(
      URI api, String token, SSLContext ssl, String namespace, Duration timeout) {
    this.api = Objects.requireNonNull(api, "api");
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.ssl = ssl;
    if (namespace == null || !NAME.matcher(namespace.strip()).matches()) {
      throw new IllegalArgumentException("the namespace '" + namespace + "' is not valid");
    }
    this.namespace = namespace.strip();
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * The API server of the cluster this pod runs in: its URL from {@code KUBERNETES_SERVICE_HOST}
   * and {@code _PORT}, token, CA and namespace from the service account directory. {@value
   * #API_URL_ENV} and {@value #SERVICE_ACCOUNT_ENV} override the URL and the directory; with an
   * {@code http} URL no CA is read.
   *
   * @throws IOException when the pod is not in a cluster or its service account is not mounted
   */
  public static ReportConfigMap inCluster(Map<String, String> env) throws IOException {
    Path account = Path.of(env.getOrDefault(SERVICE_ACCOUNT_ENV, SERVICE_ACCOUNT.toString()));
    URI api;
    String override = env.get(API_URL_ENV);
    if (override != null && !override.isBlank()) {
      api = URI.create(override.strip());
    } else {
      String host = env.get("KUBERNETES_SERVICE_HOST");
      String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
      if (host == null || host.isBlank()) {
        throw new IOException(
            "not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST is not set");
      }
      host = host.strip();
      api = URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }
    String token = read(account.resolve("token"), "service account token");
    String namespace = read(account.resolve("namespace"), "service account namespace");
    SSLContext ssl =
        "https".equalsIgnoreCase(api.getScheme()) ? trusting(account.resolve("ca.crt")) : null;
    return new ReportConfigMap(api, token, ssl, namespace, Duration.ofSeconds(30));
  }

  /** A TLS context trusting only the certificates of the PEM file {@code caFile}. */
  static SSLContext trusting(Path caFile) throws IOException {
    if (!Files.isRegularFile(caFile)) {
      throw new IOException("the cluster CA " + caFile + " does not exist");
    }
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(caFile))) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, certificate);
      }
      if (i == 0) {
        throw new IOException("the cluster CA " + caFile + " holds no certificate");
      }
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("the cluster CA " + caFile + " is not a PEM certificate: " + e);
    }
  }

  /** Whether {@code name} is a valid ConfigMap name. */
  static boolean validName(String name) {
    return name != null && name.length() <= 253 && NAME.matcher(name).matches();
  }

  /** The namespace written to. */
  public String namespace() {
    return namespace;
  }

  /**
   * Puts {@code reportJson} and, within budget, {@code reportHtml} into ConfigMap {@code name}.
   *
   * @return a note when {@code report.html} was left out, otherwise {@code null}
   * @throws IOException when the API refuses (the ConfigMap is missing, no right to patch it) or
   *     cannot be reached
   */
  public String write(String name, byte[] reportJson, byte[] reportHtml, Instant evaluatedAt)
      throws IOException, InterruptedException {
    if (!validName(name)) {
      throw new IllegalArgumentException("'" + name + "' is not a valid ConfigMap name");
    }
    if (reportJson.length > JSON_BUDGET_BYTES) {
      throw new IOException(
          "report.json is "
              + reportJson.length
              + " bytes, more than a ConfigMap can hold ("
              + JSON_BUDGET_BYTES
              + ")");
    }
    String note = null;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("report.json", new String(reportJson, StandardCharsets.UTF_8));
    if (reportHtml != null && reportJson.length + (long) reportHtml.length <= HTML_BUDGET_BYTES) {
      data.put("report.html", new String(reportHtml, StandardCharsets.UTF_8));
    } else {
      // null removes a report.html of an earlier run, which would not match report.json
      data.put("report.html", null);
      note =
          reportHtml == null
              ? "report.html was not written"
              : "report.html left out: with report.json it is over "
                  + HTML_BUDGET_BYTES / 1024
                  + " KiB; render report.json instead";
    }
    Map<String, Object> annotations = new LinkedHashMap<>();
    annotations.put(EVALUATED_AT, evaluatedAt.toString());
    annotations.put(NOTE, note);
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("metadata", Map.of("annotations", annotations));
    patch.put("data", data);

    URI uri = api.resolve("/api/v1/namespaces/" + namespace + "/configmaps/" + name);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/merge-patch+json")
            .header("Accept", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(patch)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpClient.Builder client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
    if (ssl != null) {
      client.sslContext(ssl);
    }
    HttpResponse<String> response =
        client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException(
          "the Kubernetes API answered "
              + response.statusCode()
              + " to the patch of ConfigMap "
              + namespace
              + "/"
              + name
              + reason(response.body()));
    }
    return note;
  }

  /** The message of a Kubernetes {@code Status} reply, shortened; empty when there is none. */
  private static String reason(String body) {
    try {
      JsonNode status = JSON.readTree(body);
      String message = status == null ? "" : status.path("message").asText("");
      if (message.isBlank()) {
        return "";
      }
      return ": " + (message.length() > 300 ? message.substring(0, 300) + "..." : message);
    } catch (IOException e) {
      return "";
    }
  }

  private static String read(Path file, String what) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("the " + what + " " + file + " does not exist (not in a pod?)");
    }
    String value = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (value.isEmpty()) {
      throw new IOException("the " + what + " " + file + " is empty");
    }
    return value;
  }
}
