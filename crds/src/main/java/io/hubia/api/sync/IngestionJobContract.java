package io.hubia.api.sync;

/**
 * What the operator and the runtime's {@code ingest} command agree on: how a sync Job is started
 * (arguments, environment, mounts) and how it reports ({@link SyncOutcome} in the container's
 * termination message). One definition, read by both sides.
 *
 * <p>The Job needs no Kubernetes API access: its spec arrives in {@link #ENV_SPEC}, its Secrets as
 * mounted files and environment variables, and its result leaves through the termination message,
 * which the operator reads and writes into the RetrievalIndex status.
 */
public final class IngestionJobContract {
  /** First container argument selecting the ingestion command of the runtime image. */
  public static final String COMMAND = "ingest";

  /** Namespace of the RetrievalIndex. */
  public static final String ENV_NAMESPACE = "HUBIA_INDEX_NAMESPACE";

  /** Name of the RetrievalIndex. */
  public static final String ENV_NAME = "HUBIA_INDEX_NAME";

  /** {@code metadata.generation} of the spec in {@link #ENV_SPEC}. */
  public static final String ENV_GENERATION = "HUBIA_INDEX_GENERATION";

  /** The RetrievalIndex spec, as JSON. */
  public static final String ENV_SPEC = "HUBIA_INDEX_SPEC";

  /** {@link SyncOutcome.Mode} of the sync. */
  public static final String ENV_MODE = "HUBIA_SYNC_MODE";

  /** URL of the OpenSearch cluster. */
  public static final String ENV_OPENSEARCH_URL = "HUBIA_OPENSEARCH_URL";

  /** OpenSearch user name (from a Secret), optional. */
  public static final String ENV_OPENSEARCH_USERNAME = "HUBIA_OPENSEARCH_USERNAME";

  /** OpenSearch password (from a Secret), optional; set with the user name. */
  public static final String ENV_OPENSEARCH_PASSWORD = "HUBIA_OPENSEARCH_PASSWORD";

  /**
   * File holding the PEM CA certificate(s) to trust for OpenSearch TLS, optional; a file that does
   * not exist means the JVM's trust store.
   */
  public static final String ENV_OPENSEARCH_CA_FILE = "HUBIA_OPENSEARCH_CA_FILE";

  /** Replicas of a physical index the Job creates; unset means {@code spec.opensearch}. */
  public static final String ENV_OPENSEARCH_REPLICAS = "HUBIA_OPENSEARCH_REPLICAS";

  /** Folder under which each Files source's volume is mounted, at {@code <root>/<source name>}. */
  public static final String ENV_SOURCES_ROOT = "HUBIA_SOURCES_ROOT";

  /** Folder under which Secrets are mounted, at {@code <root>/<secret name>/<key>}. */
  public static final String ENV_SECRETS_ROOT = "HUBIA_SECRETS_ROOT";

  /** Where the outcome is written; Kubernetes reads it as the termination message. */
  public static final String ENV_TERMINATION_LOG = "HUBIA_TERMINATION_LOG";

  /** Default of {@link #ENV_SOURCES_ROOT}. */
  public static final String SOURCES_ROOT = "/var/run/hubia/sources";

  /** Default of {@link #ENV_SECRETS_ROOT}. */
  public static final String SECRETS_ROOT = "/var/run/hubia/secrets";

  /**
   * Key of the OpenSearch connection Secret holding the PEM CA certificate(s) to trust, optional.
   */
  public static final String OPENSEARCH_CA_KEY = "ca.crt";

  /**
   * Folder where {@link #OPENSEARCH_CA_KEY} of the connection Secret is mounted, in sync Jobs and
   * in runtime pods alike (an optional item: the file is absent when the Secret has no such key).
   */
  public static final String OPENSEARCH_CA_MOUNT = "/var/run/hubia/opensearch";

  /** Where the OpenSearch CA certificate is, in sync Jobs and in runtime pods. */
  public static final String OPENSEARCH_CA_FILE = OPENSEARCH_CA_MOUNT + "/" + OPENSEARCH_CA_KEY;

  /** Default of {@link #ENV_TERMINATION_LOG}: the Kubernetes termination message path. */
  public static final String TERMINATION_LOG = "/dev/termination-log";

  /** Largest termination message Kubernetes keeps, in bytes. */
  public static final int TERMINATION_MESSAGE_LIMIT = 4096;

  /** Exit code of a successful sync. */
  public static final int EXIT_OK = 0;

  /** Exit code of a failed sync (the outcome says why); the Job is not retried for it. */
  public static final int EXIT_FAILED = 3;

  /** Exit code of invalid arguments or environment (a bug or a broken image). */
  public static final int EXIT_USAGE = 2;

  /** Label on sync Jobs, CronJobs and their pods naming the RetrievalIndex. */
  public static final String LABEL_INDEX = "hubia.io/retrieval-index";

  /** Label on sync Jobs and their pods giving the {@link SyncOutcome.Mode}. */
  public static final String LABEL_MODE = "hubia.io/sync-mode";

  /** Label on sync Jobs giving the spec generation they were started for (generation Jobs). */
  public static final String LABEL_GENERATION = "hubia.io/spec-generation";

  private IngestionJobContract() {}
}
