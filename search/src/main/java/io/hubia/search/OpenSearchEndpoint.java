package io.hubia.search;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an OpenSearch cluster is and how to authenticate to it: a URL, an optional user name and
 * password (HTTP basic), and an optional CA certificate (PEM) to trust for TLS instead of the JVM's
 * trust store. Typically read from a Kubernetes Secret; {@link #toString()} never shows the
 * password.
 *
 * @param url {@code http://} or {@code https://} URL of the cluster; a path is a prefix for every
 *     request
 * @param username user for HTTP basic authentication, or {@code null}
 * @param password its password, or {@code null}; set together with the user
 * @param caCertificatePem one or more PEM certificates to trust, or {@code null}; https only
 */
public record OpenSearchEndpoint(
    URI url, String username, String password, String caCertificatePem) {

  public OpenSearchEndpoint {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("OpenSearch URL must be http or https: " + url);
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("OpenSearch URL has no host: " + url);
    }
    if (url.getUserInfo() != null) {
      // The URL is logged and shown in status; credentials belong in the fields below.
      throw new IllegalArgumentException("OpenSearch URL must not carry credentials");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("OpenSearch user name and password go together");
    }
    if (caCertificatePem != null && !scheme.equals("https")) {
      throw new IllegalArgumentException("a CA certificate needs an https URL: " + url);
    }
  }

  /** An endpoint without authentication and with the JVM's trust store. */
  public static OpenSearchEndpoint of(URI url) {
    return new OpenSearchEndpoint(url, null, null, null);
  }

  /** The same endpoint with HTTP basic authentication. */
  public OpenSearchEndpoint withBasicAuth(String username, String password) {
    return new OpenSearchEndpoint(
        url,
        Objects.requireNonNull(username, "username"),
        Objects.requireNonNull(password, "password"),
        caCertificatePem);
  }

  /** The same endpoint, trusting the given PEM certificate(s) for TLS. */
  public OpenSearchEndpoint withCaCertificate(String pem) {
    return new OpenSearchEndpoint(
        url, username, password, Objects.requireNonNull(pem, "caCertificatePem"));
  }

  /**
   * The PEM certificate(s) in {@code file}, or {@code null} when there is none to trust: the file
   * does not exist or is blank. A CA mounted from an optional key of a Kubernetes Secret ({@code
   * ca.crt}) is simply absent when the Secret does not hold it, which means the JVM's trust store.
   *
   * @throws IOException when the file exists but cannot be read
   */
  public static String readCaCertificate(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    String pem = Files.readString(file, StandardCharsets.UTF_8);
    return pem.isBlank() ? null : pem;
  }

  boolean isTls() {
    return url.getScheme().equalsIgnoreCase("https");
  }

  @Override
  public String toString() {
    return "OpenSearchEndpoint[url="
        + url
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "****")
        + ", caCertificate="
        + (caCertificatePem == null ? "none" : "set")
        + "]";
  }
}
