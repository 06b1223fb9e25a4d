package io.hubia.runtime.ingest.cmis;

import io.hubia.api.v1alpha1.spec.CmisSource;
import io.hubia.api.v1alpha1.spec.SecretKeyRef;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.http.HttpFetcher;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.chemistry.opencmis.client.api.Repository;
import org.apache.chemistry.opencmis.client.api.Session;
import org.apache.chemistry.opencmis.client.api.SessionFactory;
import org.apache.chemistry.opencmis.client.runtime.SessionFactoryImpl;
import org.apache.chemistry.opencmis.commons.SessionParameter;
import org.apache.chemistry.opencmis.commons.enums.BindingType;
import org.apache.chemistry.opencmis.commons.exceptions.CmisBaseException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisConnectionException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisObjectNotFoundException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisPermissionDeniedException;
import org.apache.chemistry.opencmis.commons.exceptions.CmisUnauthorizedException;

/**
 * Opens the OpenCMIS session of a {@code Cmis} source: Browser binding at {@code spec.url}, HTTP
 * Basic authentication with the user name and password of the source's Secret keys, bounded connect
 * and read timeouts, and the repository {@code spec.repositoryId} or else the first one the server
 * lists.
 *
 * <p>Every failure becomes a {@link SourceUnavailableException} that says what to fix. The user
 * name and password never appear in a message: the Secret keys are named instead, and the server's
 * own messages are {@linkplain CmisFailures#redact redacted}.
 */
final class CmisSessions {
  private CmisSessions() {}

  /** What the session needs besides the source's spec. */
  record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[redacted]";
    }
  }

  /**
   * The credentials of the source, read from its Secret keys.
   *
   * @throws SourceUnavailableException when a Secret key is missing, or the spec names none
   */
  static Credentials credentials(String sourceName, CmisSource spec, SecretValues secrets)
      throws SourceUnavailableException {
    return new Credentials(
        secret(sourceName, "usernameSecretRef", spec.getUsernameSecretRef(), secrets),
        secret(sourceName, "passwordSecretRef", spec.getPasswordSecretRef(), secrets));
  }

  private static String secret(String sourceName, String field, SecretKeyRef ref, SecretValues s)
      throws SourceUnavailableException {
    if (ref == null || ref.getName() == null || ref.getKey() == null) {
      throw new SourceUnavailableException(
          "source " + sourceName + ": cmis." + field + " is missing (name and key of a Secret)");
    }
    return s.value(ref);
  }

  /** The OpenCMIS session parameters, without the repository id. */
  static Map<String, String> parameters(
      String url, Credentials credentials, Duration connectTimeout, Duration readTimeout) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put(SessionParameter.BINDING_TYPE, BindingType.BROWSER.value());
    parameters.put(SessionParameter.BROWSER_URL, url);
    parameters.put(SessionParameter.USER, credentials.username());
    parameters.put(SessionParameter.PASSWORD, credentials.password());
    parameters.put(SessionParameter.CONNECT_TIMEOUT, Long.toString(connectTimeout.toMillis()));
    parameters.put(SessionParameter.READ_TIMEOUT, Long.toString(readTimeout.toMillis()));
    parameters.put(SessionParameter.COMPRESSION, "true");
    parameters.put(SessionParameter.USER_AGENT, HttpFetcher.USER_AGENT);
    return parameters;
  }

  /**
   * Opens the session.
   *
   * @throws SourceUnavailableException when the server cannot be reached, refuses the credentials,
   *     or has no such repository
   */
  static Session open(
      String sourceName,
      CmisSource spec,
      Credentials credentials,
      Duration connectTimeout,
      Duration readTimeout)
      throws SourceUnavailableException {
    String url = spec.getUrl();
    if (url == null || url.isBlank()) {
      throw new SourceUnavailableException("source " + sourceName + ": cmis.url is missing");
    }
    Map<String, String> parameters =
        parameters(url.strip(), credentials, connectTimeout, readTimeout);
    SessionFactory factory = SessionFactoryImpl.newInstance();
    List<Repository> repositories;
    try {
      repositories = factory.getRepositories(parameters);
    } catch (CmisBaseException | IllegalArgumentException e) {
      throw unavailable(sourceName, spec, credentials, e);
    }
    Repository repository = choose(sourceName, spec, repositories);
    parameters.put(SessionParameter.REPOSITORY_ID, repository.getId());
    try {
      return factory.createSession(parameters);
    } catch (CmisBaseException | IllegalArgumentException e) {
      throw unavailable(sourceName, spec, credentials, e);
    }
  }

  private static Repository choose(
      String sourceName, CmisSource spec, List<Repository> repositories)
      throws SourceUnavailableException {
    if (repositories == null || repositories.isEmpty()) {
      throw new SourceUnavailableException(
          "source "
              + sourceName
              + ": the CMIS server at "
              + spec.getUrl()
              + " lists no repository readable by this user");
    }
    String wanted = spec.getRepositoryId();
    if (wanted == null || wanted.isBlank()) {
      return repositories.get(0);
    }
    return repositories.stream()
        .filter(r -> wanted.strip().equals(r.getId()))
        .findFirst()
        .orElseThrow(
            () ->
                new SourceUnavailableException(
                    "source "
                        + sourceName
                        + ": repository '"
                        + wanted
                        + "' not found at "
                        + spec.getUrl()
                        + " (repositories: "
                        + repositories.stream()
                            .map(Repository::getId)
                            .collect(Collectors.joining(", "))
                        + "): check cmis.repositoryId, or leave it out to use the first"));
  }

  private static SourceUnavailableException unavailable(
      String sourceName, CmisSource spec, Credentials credentials, Exception e) {
    String detail = CmisFailures.redact(CmisFailures.describe(e), credentials);
    String prefix = "source " + sourceName + ": ";
    String message;
    if (e instanceof CmisUnauthorizedException) {
      message =
          prefix
              + "the CMIS server at "
              + spec.getUrl()
              + " refused the credentials (HTTP 401): check the user name and password in "
              + secretName(spec.getUsernameSecretRef())
              + " and "
              + secretName(spec.getPasswordSecretRef());
    } else if (e instanceof CmisPermissionDeniedException) {
      message =
          prefix
              + "the CMIS server at "
              + spec.getUrl()
              + " denied this user access to its repositories (HTTP 403): grant the account of "
              + secretName(spec.getUsernameSecretRef())
              + " read access";
    } else if (e instanceof CmisObjectNotFoundException) {
      message =
          prefix
              + "no CMIS Browser binding at "
              + spec.getUrl()
              + " (HTTP 404): check cmis.url, the Browser binding service URL (Alfresco:"
              + " .../alfresco/api/-default-/public/cmis/versions/1.1/browser; Nuxeo:"
              + " .../nuxeo/json/cmis)";
    } else if (e instanceof CmisConnectionException) {
      message =
          prefix
              + "cannot reach the CMIS server at "
              + spec.getUrl()
              + ": "
              + detail
              + ". Check cmis.url (the Browser binding service URL) and that the server is up";
    } else if (e instanceof IllegalArgumentException) {
      message = prefix + "invalid CMIS connection settings: " + detail + ". Check cmis.url";
    } else {
      message =
          prefix
              + "the CMIS server at "
              + spec.getUrl()
              + " failed to list its repositories: "
              + detail;
    }
    return new SourceUnavailableException(CmisFailures.redact(message, credentials));
  }

  private static String secretName(SecretKeyRef ref) {
    return "key '" + ref.getKey() + "' of Secret '" + ref.getName() + "'";
  }
}
