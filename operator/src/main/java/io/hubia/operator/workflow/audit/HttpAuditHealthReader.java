package io.hubia.operator.workflow.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.audit.AuditHealthReport;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.operator.workflow.desired.AgentLabels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads {@code GET /v1/audit/health} through the workflow's Service ({@code
 * http://<name>.<namespace>.svc:8080}), with a short timeout: a reconciliation thread waits for it.
 * The report carries no personal data, so no credentials are sent.
 */
public final class HttpAuditHealthReader implements AuditHealthReader {
  /** How long one read may take, connection included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final HttpClient http;
  private final Duration timeout;
  private final Function<AgentWorkflow, URI> baseUrl;

  /** Reads through each workflow's Service. */
  public HttpAuditHealthReader(Duration timeout) {
    this(timeout, w -> URI.create(AgentLabels.serviceUrl(w)));
  }

  /**
   * @param timeout how long one read may take
   * @param baseUrl where the runtime of a workflow listens (tests: a runtime on this machine)
   */
  public HttpAuditHealthReader(Duration timeout, Function<AgentWorkflow, URI> baseUrl) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Reading read(AgentWorkflow workflow) {
    URI uri = baseUrl.apply(workflow).resolve(AuditHealthReport.PATH);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return new Unreachable(
            uri
                + " answered HTTP "
                + response.statusCode()
                + (response.statusCode() == 404
                    ? " (a runtime older than the audit health endpoint?)"
                    : ""));
      }
      byte[] body = response.body();
      if (body.length > MAX_BODY) {
        return new Unreachable(uri + " answered " + body.length + " bytes, more than a report");
      }
      AuditHealthReport report = JSON.readValue(body, AuditHealthReport.class);
      if (report.getState() == null) {
        return new Unreachable(uri + " did not answer an audit health report");
      }
      return new Read(report);
    } catch (HttpTimeoutException e) {
      return new Unreachable(uri + " did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      return new Unreachable(uri + " cannot be read: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Unreachable(uri + " was not read: interrupted");
    } catch (RuntimeException e) {
      return new Unreachable(uri + " cannot be read: " + describe(e));
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null || message.isBlank()
            ? ""
            : " " + message.lines().findFirst().orElse(""));
  }
}
