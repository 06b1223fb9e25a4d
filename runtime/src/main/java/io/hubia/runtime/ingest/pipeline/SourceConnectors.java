package io.hubia.runtime.ingest.pipeline;

import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.SourceConnector;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.cmis.CmisConnector;
import io.hubia.runtime.ingest.files.FilesConnector;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.http.HttpFetcher;
import io.hubia.runtime.ingest.hydra.HydraConnector;
import io.hubia.runtime.ingest.web.WebConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds the {@link SourceConnector} of each {@code spec.sources[]} entry, with what this process
 * has: where Files volumes are mounted, the Secret values, the limits. The ingestion Job and local
 * mode differ only in these.
 */
public final class SourceConnectors {

  /** Where the folder of a Files source is in this process's file system. */
  @FunctionalInterface
  public interface FolderResolver {
    /**
     * @throws IllegalArgumentException when the source's path is not acceptable
     */
    Path folder(SourceSpec source);

    /**
     * The Job's layout: each Files source's volume is mounted at {@code <root>/<source name>}, and
     * {@code files.path} is a folder inside it.
     */
    static FolderResolver perSourceUnder(Path root) {
      return source -> FilesConnector.folderOf(root.resolve(source.getName()), source.getFiles());
    }
  }

  /** Connect and response-header timeout of network sources. */
  public static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

  private final FolderResolver folders;
  private final SecretValues secrets;
  private final FilesConnector.Limits limits;
  private final HttpFetcher http;
  private final DocumentFormats formats;

  public SourceConnectors(
      FolderResolver folders, SecretValues secrets, FilesConnector.Limits limits) {
    this.folders = Objects.requireNonNull(folders, "folders");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.http = new HttpFetcher(HTTP_TIMEOUT);
    this.formats = new DocumentFormats(limits.maxTextChars());
  }

  /**
   * The connector of {@code source}.
   *
   * @throws SourceUnavailableException when the source's settings cannot be used here (a path
   *     leaving its volume, a malformed URL)
   */
  public SourceConnector connector(SourceSpec source) throws SourceUnavailableException {
    String name = source.getName();
    try {
      return switch (source.getType()) {
        case Files ->
            new FilesConnector(name, folders.folder(source), source.getFiles(), limits)::read;
        case Web -> new WebConnector(name, source.getWeb(), http, formats);
        case Hydra -> new HydraConnector(name, source.getHydra(), http, secrets, formats);
        case Cmis ->
            new CmisConnector(name, source.getCmis(), secrets, formats, limits.maxFileBytes());
      };
    } catch (IllegalArgumentException e) {
      throw new SourceUnavailableException("source " + name + ": " + e.getMessage(), e);
    }
  }

  /** The Secret values connectors read. */
  SecretValues secrets() {
    return secrets;
  }
}
