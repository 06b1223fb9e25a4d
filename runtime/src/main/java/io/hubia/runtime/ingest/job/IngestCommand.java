package io.hubia.runtime.ingest.job;

import static io.hubia.api.sync.IngestionJobContract.*;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.api.sync.SyncOutcome;
import io.hubia.api.v1alpha1.spec.RetrievalIndexSpec;
import io.hubia.api.v1alpha1.status.SkippedDocument;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.embed.Embedders;
import io.hubia.runtime.ingest.embed.EmbeddingException;
import io.hubia.runtime.ingest.files.FilesConnector;
import io.hubia.runtime.ingest.pipeline.IngestionPipeline;
import io.hubia.runtime.ingest.pipeline.SourceConnectors;
import io.hubia.runtime.ingest.pipeline.SyncMode;
import io.hubia.runtime.ingest.pipeline.SyncReport;
import io.hubia.search.OpenSearchClients;
import io.hubia.search.OpenSearchEndpoint;
import io.hubia.search.index.EmbeddingMismatchException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * The {@code ingest} command of the runtime image, run by the sync Jobs the operator starts: one
 * sync of one RetrievalIndex, configured entirely by the environment of {@link
 * io.hubia.api.sync.IngestionJobContract}, reporting a {@link SyncOutcome} as the container's
 * termination message and through its exit code.
 *
 * <p>Exit codes: {@link io.hubia.api.sync.IngestionJobContract#EXIT_OK} after a sync; {@link
 * #EXIT_RETRYABLE} when OpenSearch or the embedding endpoint could not be reached (the Job
 * retries); {@link io.hubia.api.sync.IngestionJobContract#EXIT_FAILED} when retrying cannot help
 * (an embedding mismatch, a refused rebuild, an invalid spec); {@link
 * io.hubia.api.sync.IngestionJobContract#EXIT_USAGE} when the environment is incomplete.
 */
public final class IngestCommand {
  /** Exit code of a failure that a retry may cure (a dependency was unreachable). */
  public static final int EXIT_RETRYABLE = 4;

  private static final Logger LOG = Logger.getLogger(IngestCommand.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Map<String, String> env;
  private final Clock clock;

  public IngestCommand(Map<String, String> env, Clock clock) {
    this.env = env;
    this.clock = clock;
  }

  /** Runs the command with the process environment; returns the exit code. */
  public static int main() {
    return new IngestCommand(System.getenv(), Clock.systemUTC()).run();
  }

  /** Runs one sync and writes its outcome; returns the exit code. */
  public int run() {
    SyncOutcome outcome = new SyncOutcome();
    outcome.setStartedAt(clock.instant().toString());
    Job job;
    try {
      job = Job.from(env);
    } catch (IllegalArgumentException e) {
      outcome.setFailureReason("InvalidJob");
      outcome.setMessage(e.getMessage());
      return finish(outcome, EXIT_USAGE);
    }
    outcome.setMode(job.mode());
    outcome.setSpecGeneration(job.generation());
    MDC.put("hubia.index", job.namespace() + "/" + job.name());
    LOG.infof(
        "sync %s/%s (generation %s, %s) starting",
        job.namespace(), job.name(), job.generation(), job.mode());
    SecretValues secrets = SecretValues.mountedUnder(job.secretsRoot());
    Embedder embedder;
    try {
      embedder = Embedders.from(job.spec().getEmbedding(), secrets.asFunction());
    } catch (IllegalArgumentException e) {
      return fail(outcome, "InvalidSpec", "embedding: " + e.getMessage(), EXIT_FAILED);
    }
    outcome.setEmbeddingModel(embedder.name() + "/" + embedder.dimension());
    IngestionPipeline.Options options = IngestionPipeline.Options.defaults().withStagedRebuilds();
    if (job.replicas() != null) {
      options = options.withReplicas(job.replicas());
    }
    SourceConnectors connectors =
        new SourceConnectors(
            SourceConnectors.FolderResolver.perSourceUnder(job.sourcesRoot()),
            secrets,
            FilesConnector.Limits.DEFAULT);
    OpenSearchClient client = OpenSearchClients.create(job.endpoint());
    try {
      SyncReport report =
          new IngestionPipeline(client, embedder, connectors, options)
              .sync(
                  job.namespace(),
                  job.name(),
                  job.spec(),
                  job.mode() == SyncOutcome.Mode.FullRebuild
                      ? SyncMode.FULL_REBUILD
                      : SyncMode.INCREMENTAL);
      fill(outcome, report);
      int sources = job.spec().getSources().size();
      if (sources > 0 && report.skippedSources().size() == sources) {
        outcome.setSucceeded(false);
        outcome.setFailureReason("SourceUnavailable");
        outcome.setMessage(
            "no source could be read; the documents already indexed were kept: "
                + String.join("; ", outcome.getSkippedSources()));
        return finish(outcome, EXIT_RETRYABLE);
      }
      outcome.setSucceeded(true);
      return finish(outcome, EXIT_OK);
    } catch (EmbeddingMismatchException e) {
      return fail(outcome, "EmbeddingMismatch", e.getMessage(), EXIT_FAILED);
    } catch (IllegalStateException e) {
      return fail(outcome, "RebuildRefused", e.getMessage(), EXIT_FAILED);
    } catch (IllegalArgumentException e) {
      return fail(outcome, "InvalidSpec", e.getMessage(), EXIT_FAILED);
    } catch (EmbeddingException e) {
      return fail(outcome, "EmbeddingFailed", e.getMessage(), EXIT_RETRYABLE);
    } catch (IOException e) {
      return fail(
          outcome,
          "OpenSearchUnreachable",
          "OpenSearch at " + job.endpoint().url() + " cannot be reached: " + describe(e),
          EXIT_RETRYABLE);
    } catch (RuntimeException e) {
      LOG.error("sync failed unexpectedly", e);
      return fail(outcome, "SyncFailed", describe(e), EXIT_FAILED);
    } finally {
      try {
        client._transport().close();
      } catch (IOException e) {
        LOG.debug("closing the OpenSearch client failed", e);
      }
    }
  }

  private static void fill(SyncOutcome outcome, SyncReport report) {
    outcome.setPhysicalIndex(report.physicalIndex());
    outcome.setDocuments(report.documents());
    outcome.setChunks(report.chunks());
    outcome.setEmbedded(report.embedded());
    outcome.setDeleted(report.deleted());
    outcome.setContentChanged(report.contentChanged());
    outcome.setSkippedDocuments(report.skipped().size());
    report.skipped().stream()
        .limit(SyncOutcome.MAX_SKIPPED_LISTED)
        .forEach(
            s -> {
              SkippedDocument entry = new SkippedDocument();
              entry.setSource(s.source());
              entry.setDocumentId(s.id());
              entry.setReason(s.code() + ": " + s.reason());
              outcome.getSkipped().add(entry);
            });
    report
        .skippedSources()
        .forEach(s -> outcome.getSkippedSources().add(s.source() + ": " + s.reason()));
  }

  private int fail(SyncOutcome outcome, String reason, String message, int exitCode) {
    outcome.setSucceeded(false);
    outcome.setFailureReason(reason);
    outcome.setMessage(message);
    return finish(outcome, exitCode);
  }

  private int finish(SyncOutcome outcome, int exitCode) {
    outcome.setFinishedAt(clock.instant().toString());
    String message = outcome.toMessage();
    Path log = Path.of(env.getOrDefault(ENV_TERMINATION_LOG, TERMINATION_LOG));
    try {
      Files.writeString(log, message, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.warnf("cannot write the outcome to %s: %s", log, describe(e));
    }
    if (outcome.isSucceeded()) {
      LOG.infof(
          "sync done: %d documents, %d chunks, %d embedded, %d deleted, %d skipped in %s",
          outcome.getDocuments(),
          outcome.getChunks(),
          outcome.getEmbedded(),
          outcome.getDeleted(),
          outcome.getSkippedDocuments(),
          outcome.getPhysicalIndex());
    } else {
      LOG.errorf("sync failed (%s): %s", outcome.getFailureReason(), outcome.getMessage());
    }
    System.out.println(message);
    return exitCode;
  }

  private static String describe(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof ConnectException) {
        break;
      }
      cause = cause.getCause();
    }
    String text = cause.getMessage();
    return cause.getClass().getSimpleName() + (text == null ? "" : ": " + text);
  }

  /** The Job's settings, read from its environment. */
  record Job(
      String namespace,
      String name,
      Long generation,
      RetrievalIndexSpec spec,
      SyncOutcome.Mode mode,
      OpenSearchEndpoint endpoint,
      Integer replicas,
      Path sourcesRoot,
      Path secretsRoot) {

    static Job from(Map<String, String> env) {
      String namespace = required(env, ENV_NAMESPACE);
      String name = required(env, ENV_NAME);
      RetrievalIndexSpec spec;
      try {
        spec = JSON.readValue(required(env, ENV_SPEC), RetrievalIndexSpec.class);
      } catch (IOException e) {
        throw new IllegalArgumentException(ENV_SPEC + " is not a RetrievalIndex spec: " + e);
      }
      SyncOutcome.Mode mode;
      try {
        mode = SyncOutcome.Mode.valueOf(env.getOrDefault(ENV_MODE, "Incremental"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            ENV_MODE + " must be Incremental or FullRebuild, not " + env.get(ENV_MODE));
      }
      return new Job(
          namespace,
          name,
          optionalLong(env, ENV_GENERATION),
          spec,
          mode,
          endpoint(env),
          env.containsKey(ENV_OPENSEARCH_REPLICAS)
              ? (int) (long) optionalLong(env, ENV_OPENSEARCH_REPLICAS)
              : null,
          Path.of(env.getOrDefault(ENV_SOURCES_ROOT, SOURCES_ROOT)),
          Path.of(env.getOrDefault(ENV_SECRETS_ROOT, SECRETS_ROOT)));
    }

    private static OpenSearchEndpoint endpoint(Map<String, String> env) {
      OpenSearchEndpoint endpoint =
          OpenSearchEndpoint.of(URI.create(required(env, ENV_OPENSEARCH_URL)));
      String username = blankToNull(env.get(ENV_OPENSEARCH_USERNAME));
      String password = blankToNull(env.get(ENV_OPENSEARCH_PASSWORD));
      if ((username == null) != (password == null)) {
        throw new IllegalArgumentException(
            ENV_OPENSEARCH_USERNAME + " and " + ENV_OPENSEARCH_PASSWORD + " go together");
      }
      if (username != null) {
        endpoint = endpoint.withBasicAuth(username, password);
      }
      String caFile = blankToNull(env.get(ENV_OPENSEARCH_CA_FILE));
      if (caFile != null) {
        // an optional Secret item: no file means the JVM's trust store
        String pem;
        try {
          pem = OpenSearchEndpoint.readCaCertificate(Path.of(caFile));
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read the OpenSearch CA file " + caFile);
        }
        if (pem != null) {
          endpoint = endpoint.withCaCertificate(pem);
          LOG.infof("OpenSearch TLS trusts the CA certificate(s) of %s", caFile);
        } else {
          LOG.infof(
              "OpenSearch TLS trusts the JVM's trust store: there is no CA file at %s", caFile);
        }
      }
      return endpoint;
    }

    private static String required(Map<String, String> env, String key) {
      String value = blankToNull(env.get(key));
      if (value == null) {
        throw new IllegalArgumentException("environment variable " + key + " is not set");
      }
      return value;
    }

    private static Long optionalLong(Map<String, String> env, String key) {
      String value = blankToNull(env.get(key));
      if (value == null) {
        return null;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a number, not " + value);
      }
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }
}
