package io.hubia.runtime.local;

import io.hubia.api.config.ModelEndpoints;
import io.hubia.api.config.Platform;
import io.hubia.api.config.RenderedConfig;
import io.hubia.api.config.RuntimeConfigRenderer;
import io.hubia.api.v1alpha1.AgentWorkflow;
import io.hubia.api.v1alpha1.RetrievalIndex;
import io.hubia.api.v1alpha1.status.RetrievalIndexStatus;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.embed.Embedder;
import io.hubia.runtime.ingest.embed.Embedders;
import io.hubia.runtime.ingest.files.FilesConnector;
import io.hubia.runtime.ingest.pipeline.IngestionPipeline;
import io.hubia.runtime.ingest.pipeline.SourceConnectors;
import io.hubia.runtime.ingest.pipeline.SyncMode;
import io.hubia.runtime.ingest.pipeline.SyncReport;
import io.hubia.search.EmbeddedOpenSearch;
import io.hubia.search.OpenSearchClients;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * {@code hubia local <folder>}: the whole product on one machine. Reads and checks the folder's
 * resources with the operator's validators, starts an embedded OpenSearch node and an embedded
 * PostgreSQL, ingests every RetrievalIndex through the ingestion pipeline the sync Jobs run,
 * renders each AgentWorkflow's runtime configuration with the operator's renderer (with the default
 * model server of {@value ModelEndpoints#ENV}, as the operator's), and then returns the system
 * properties with which the runtime (Quarkus) is started in this process.
 *
 * <p>A Files source whose volume is {@code V} and path {@code P} is read from {@code <folder>/V/P}.
 * Secret keys the resources name are read from the environment variables the operator would set in
 * pods ({@link RuntimeConfigRenderer#envName}).
 */
public final class LocalMode {
  /** Port of the runtime API unless {@code --port} says otherwise. */
  public static final int DEFAULT_PORT = 8080;

  private final PrintStream out;
  private final Map<String, String> env;

  /** Local mode reading {@value ModelEndpoints#ENV} from the process's environment. */
  public LocalMode(PrintStream out) {
    this(out, System.getenv());
  }

  /**
   * @param env where {@value ModelEndpoints#ENV}, the default model server of OpenAICompatible and
   *     Ollama models that name no endpoint, is read (as the operator reads it)
   */
  public LocalMode(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  /** Arguments of {@code hubia local}. */
  public record Arguments(Path folder, int port) {
    /**
     * @throws IllegalArgumentException with the usage when the arguments are wrong
     */
    public static Arguments parse(List<String> args) {
      Path folder = null;
      int port = DEFAULT_PORT;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.equals("--port") && i + 1 < args.size()) {
          try {
            port = Integer.parseInt(args.get(++i));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number, not " + args.get(i));
          }
        } else if (!arg.startsWith("--") && folder == null) {
          folder = Path.of(arg).toAbsolutePath().normalize();
        } else {
          throw new IllegalArgumentException("unexpected argument " + arg);
        }
      }
      if (folder == null) {
        throw new IllegalArgumentException("name the folder of resource YAML");
      }
      return new Arguments(folder, port);
    }
  }

  /**
   * Prepares everything and returns the properties the runtime starts with.
   *
   * @throws IllegalArgumentException when {@value ModelEndpoints#ENV} is not a model server URL
   * @throws LocalResources.InvalidResourcesException when the resources cannot be applied
   * @throws IOException when a service cannot start or ingestion fails
   */
  public Map<String, String> prepare(Arguments arguments)
      throws LocalResources.InvalidResourcesException, IOException {
    out.println("Hubia local mode: " + arguments.folder());
    String modelEndpoint = ModelEndpoints.fromEnvironment(env);
    LocalResources resources = LocalResources.read(arguments.folder());
    checkModelEndpoints(resources, modelEndpoint);
    resources.warnings().forEach(w -> out.println("  warning: " + w));
    out.printf(
        Locale.ROOT,
        "  %d RetrievalIndex, %d PolicySet, %d AgentWorkflow%n",
        resources.indexes().size(),
        resources.policies().size(),
        resources.workflows().size());

    EmbeddedOpenSearch node = EmbeddedOpenSearch.start();
    out.printf(
        Locale.ROOT,
        "OpenSearch (embedded, k-NN) ready at %s in %.1f s%n",
        node.url(),
        node.startupTime().toMillis() / 1000.0);
    LocalDatabase database = LocalDatabase.start();
    Runtime.getRuntime().addShutdownHook(new Thread(database::close, "hubia-local-postgres-stop"));
    out.printf(Locale.ROOT, "PostgreSQL (embedded) ready at %s%n", database.jdbcUrl());

    Path configs = ingestAndRender(resources, node.url(), database.jdbcUrl());
    return Map.of(
        "hubia.config.path",
        configs.toString(),
        "hubia.dev-issuer.enabled",
        "true",
        // the evaluation harness plants its indirect injections in shadows (docs/api.md)
        "hubia.evaluation.shadows-enabled",
        "true",
        "hubia.local.workflows",
        String.join(",", resources.workflows().keySet()),
        "quarkus.http.port",
        String.valueOf(arguments.port()),
        "quarkus.http.host",
        "127.0.0.1",
        LocalDatabase.JDBC_URL_PROPERTY,
        database.jdbcUrl(),
        LocalDatabase.USERNAME_PROPERTY,
        database.username(),
        LocalDatabase.PASSWORD_PROPERTY,
        database.password());
  }

  /**
   * Refuses, before anything starts, the workflows whose OpenAICompatible or Ollama models name no
   * endpoint when {@value ModelEndpoints#ENV} sets no default: the operator would leave them not
   * Ready (ModelEndpointMissing).
   *
   * @throws LocalResources.InvalidResourcesException naming each such workflow and model
   */
  static void checkModelEndpoints(LocalResources resources, String modelEndpoint)
      throws LocalResources.InvalidResourcesException {
    List<String> problems = new ArrayList<>();
    for (AgentWorkflow workflow : resources.workflows().values()) {
      for (String model : ModelEndpoints.missing(workflow.getSpec(), modelEndpoint)) {
        problems.add(
            "AgentWorkflow "
                + workflow.getMetadata().getName()
                + ": "
                + model
                + " names no endpoint: set its endpoint or the environment variable "
                + ModelEndpoints.ENV
                + ", the default model server");
      }
    }
    if (!problems.isEmpty()) {
      throw new LocalResources.InvalidResourcesException(problems);
    }
  }

  /**
   * Ingests every RetrievalIndex of {@code resources} into the OpenSearch node at {@code
   * opensearch} (a full rebuild each, with progress on the console) and renders the runtime
   * configuration of every AgentWorkflow, with that node and the audit database at {@code
   * auditJdbcUrl}, into a new folder: the one {@code hubia.config.path} names.
   *
   * @return the folder of rendered configurations, one {@code <workflow>.yaml} each
   * @throws IOException when ingestion fails or a file cannot be written
   */
  public Path ingestAndRender(LocalResources resources, URI opensearch, String auditJdbcUrl)
      throws IOException {
    OpenSearchClient client = OpenSearchClients.create(opensearch);
    try {
      for (RetrievalIndex index : resources.indexes().values()) {
        ingest(resources, client, index);
      }
    } finally {
      client._transport().close();
    }

    Path configs = Files.createTempDirectory("hubia-local-config");
    Platform platform =
        new Platform(
            opensearch.toString(), null, auditJdbcUrl, null, ModelEndpoints.fromEnvironment(env));
    for (AgentWorkflow workflow : resources.workflows().values()) {
      List<RetrievalIndex> indexes = new ArrayList<>();
      workflow
          .getSpec()
          .getIndexes()
          .forEach(ref -> indexes.add(resources.indexes().get(ref.getName())));
      // one process serves every workflow here: its request limits are not shared with replicas
      workflow.getSpec().setReplicas(null);
      RenderedConfig rendered =
          RuntimeConfigRenderer.render(
              workflow,
              resources.policies().get(workflow.getSpec().getPolicyRef().getName()),
              indexes,
              platform);
      Files.writeString(
          configs.resolve(workflow.getMetadata().getName() + ".yaml"),
          rendered.yaml(),
          StandardCharsets.UTF_8);
    }
    return configs;
  }

  private void ingest(LocalResources resources, OpenSearchClient client, RetrievalIndex index)
      throws IOException {
    String name = index.getMetadata().getName();
    SecretValues secrets = SecretValues.environment();
    Embedder embedder = Embedders.from(index.getSpec().getEmbedding(), secrets.asFunction());
    SourceConnectors connectors =
        new SourceConnectors(
            source ->
                FilesConnector.folderOf(
                    resources.volume(source.getFiles().getVolumeName()), source.getFiles()),
            secrets,
            FilesConnector.Limits.DEFAULT);
    IngestionPipeline pipeline =
        new IngestionPipeline(
            client, embedder, connectors, IngestionPipeline.Options.defaults().withReplicas(0));
    out.println("Ingesting RetrievalIndex " + name + " ...");
    SyncReport report =
        pipeline.sync(
            index.getMetadata().getNamespace(),
            name,
            index.getSpec(),
            SyncMode.FULL_REBUILD,
            new ConsoleProgress(out, name));
    out.printf(
        Locale.ROOT,
        "  %s: %d documents, %d chunks in %s (%.1f s)%n",
        name,
        report.documents(),
        report.chunks(),
        report.physicalIndex(),
        report.duration().toMillis() / 1000.0);
    report
        .skipped()
        .forEach(
            s ->
                out.printf(
                    "  %s: skipped %s:%s: %s: %s%n",
                    name, s.source(), s.id(), s.code(), s.reason()));
    RetrievalIndexStatus status = new RetrievalIndexStatus();
    status.setAlias(report.alias());
    status.setIndexName(report.physicalIndex());
    status.setDocuments((long) report.documents());
    status.setChunks((long) report.chunks());
    status.setContentGeneration(1L);
    status.setEmbeddingModel(embedder.name() + "/" + embedder.dimension());
    status.setLastSuccessfulSyncTime(Instant.now().toString());
    index.setStatus(status);
  }
}
