package io.hubia.runtime.ingest.pipeline;

import io.hubia.api.v1alpha1.spec.SourceSpec;
import io.hubia.runtime.ingest.SecretValues;
import io.hubia.runtime.ingest.SourceConnector;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.files.FilesConnector;
import java.nio.file.Path;
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

  private final FolderResolver folders;
  private final SecretValues secrets;
  private final FilesConnector.Limits limits;

  public SourceConnectors(
      FolderResolver folders, SecretValues secrets, FilesConnector.Limits limits) {
    this.folders = Objects.requireNonNull(folders, "folders");
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * The connector of {@code source}.
   *
   * @throws SourceUnavailableException when the source's settings cannot be used here (a path
   *     leaving its volume, a type this build does not read)
   */
  public SourceConnector connector(SourceSpec source) throws SourceUnavailableException {
    String name = source.getName();
    try {
      return switch (source.getType()) {
        case Files ->
            new FilesConnector(name, folders.folder(source), source.getFiles(), limits)::read;
        default ->
            throw new SourceUnavailableException(
                source.getType() + " sources are not supported yet");
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
