package io.hubia.runtime.ingest.files;

import io.hubia.api.v1alpha1.spec.FilesSource;
import io.hubia.runtime.ingest.ConnectorResult;
import io.hubia.runtime.ingest.PathGlob;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SkippedDocument;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.SourceUnavailableException;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.format.ParsedDocument;
import io.hubia.runtime.ingest.format.Titles;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Reads the documents of a {@code Files} source: {@code .md} (with optional YAML front matter),
 * {@code .txt}, {@code .html} and {@code .pdf} files under one folder.
 *
 * <p>A file that cannot be taken is skipped with a precise reason and the walk goes on; only a
 * folder that cannot be read at all stops the pass ({@link SourceUnavailableException}), so that a
 * missing volume is never mistaken for an empty source. Hidden files and folders (name starting
 * with {@code .}) are not walked: Kubernetes mounts a ConfigMap's files as links into hidden {@code
 * ..data} folders, which would otherwise be read twice. Symbolic links are followed only while they
 * stay inside the folder.
 */
public final class FilesConnector {
  /** Include globs used when the source names none. */
  public static final List<String> DEFAULT_INCLUDE =
      List.of("**/*.md", "**/*.txt", "**/*.html", "**/*.pdf");

  private static final Logger LOG = Logger.getLogger(FilesConnector.class);

  /**
   * Limits of one file.
   *
   * @param maxFileBytes files larger than this are skipped
   * @param maxTextChars documents with more text than this are skipped (a small PDF can hold a lot)
   */
  public record Limits(long maxFileBytes, int maxTextChars) {
    /** 20 MiB per file, 5 million characters of text per document. */
    public static final Limits DEFAULT = new Limits(20L * 1024 * 1024, 5_000_000);

    public Limits {
      if (maxFileBytes <= 0 || maxTextChars <= 0) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  private final String sourceName;
  private final Path folder;
  private final List<PathGlob> include;
  private final List<PathGlob> exclude;
  private final Limits limits;
  private final DocumentFormats formats;

  /**
   * @param sourceName the source's name in the RetrievalIndex
   * @param folder the folder to read (see {@link #folderOf})
   * @param spec the source's include and exclude globs
   * @param limits limits of one file
   * @throws IllegalArgumentException when a glob is malformed
   */
  public FilesConnector(String sourceName, Path folder, FilesSource spec, Limits limits) {
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    this.folder = Objects.requireNonNull(folder, "folder");
    this.limits = Objects.requireNonNull(limits, "limits");
    List<String> includes =
        spec == null || spec.getInclude() == null || spec.getInclude().isEmpty()
            ? DEFAULT_INCLUDE
            : spec.getInclude();
    List<String> excludes =
        spec == null || spec.getExclude() == null ? List.of() : spec.getExclude();
    this.include = includes.stream().map(PathGlob::compile).toList();
    this.exclude = excludes.stream().map(PathGlob::compile).toList();
    this.formats = new DocumentFormats(limits.maxTextChars());
  }

  /**
   * The folder of a source inside the volume mounted at {@code volumeRoot}.
   *
   * @throws IllegalArgumentException when {@code spec.path} leaves the volume, by {@code ..} or by
   *     a symbolic link
   */
  public static Path folderOf(Path volumeRoot, FilesSource spec) {
    String path = spec.getPath();
    if (path == null || path.isBlank()) {
      return volumeRoot;
    }
    Path root = volumeRoot.toAbsolutePath().normalize();
    Path folder = root.resolve(path.replaceFirst("^/+", "")).normalize();
    if (!folder.startsWith(root)) {
      throw new IllegalArgumentException("files.path '" + path + "' leaves the volume");
    }
    try {
      if (Files.exists(folder) && !folder.toRealPath().startsWith(root.toRealPath())) {
        throw new IllegalArgumentException(
            "files.path '" + path + "' is a symbolic link that leaves the volume");
      }
    } catch (IOException e) {
      return folder; // read() reports an unreadable folder
    }
    return folder;
  }

  /**
   * Reads every included file.
   *
   * @throws SourceUnavailableException when the folder itself is missing or unreadable
   */
  public ConnectorResult read() throws SourceUnavailableException {
    Path root;
    try {
      root = folder.toRealPath();
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "source " + sourceName + ": folder " + folder + " cannot be read: " + describe(e), e);
    }
    if (!Files.isDirectory(root)) {
      throw new SourceUnavailableException(
          "source " + sourceName + ": " + folder + " is not a folder");
    }
    Walk walk = new Walk(root);
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, walk);
    } catch (IOException e) {
      throw new SourceUnavailableException(
          "source " + sourceName + ": walking " + folder + " failed: " + describe(e), e);
    }
    if (walk.rootFailure != null) {
      throw new SourceUnavailableException(
          "source "
              + sourceName
              + ": folder "
              + folder
              + " cannot be listed: "
              + describe(walk.rootFailure),
          walk.rootFailure);
    }
    ConnectorResult result = new ConnectorResult(walk.documents, walk.skipped);
    LOG.debugf(
        "source %s: %d documents read, %d skipped",
        sourceName, result.documents().size(), result.skipped().size());
    return result;
  }

  private boolean included(String id) {
    return include.stream().anyMatch(g -> g.matches(id))
        && exclude.stream().noneMatch(g -> g.matches(id));
  }

  private SourceDocument readFile(Path file, String id, BasicFileAttributes attrs)
      throws UnreadableDocumentException, IOException {
    String name = file.getFileName().toString();
    DocumentFormats.Format format =
        DocumentFormats.byFileName(name)
            .orElseThrow(
                () ->
                    new UnreadableDocumentException(
                        SkipCode.UnsupportedType,
                        name.indexOf('.') < 0
                            ? "file without extension: the type cannot be told"
                            : "unsupported file type "
                                + name.substring(name.lastIndexOf('.'))
                                + " (supported: "
                                + DocumentFormats.supportedExtensions()
                                + ")"));
    if (attrs.size() > limits.maxFileBytes()) {
      throw new UnreadableDocumentException(
          SkipCode.TooLarge,
          "file is "
              + mib(attrs.size())
              + ", more than the "
              + mib(limits.maxFileBytes())
              + " limit");
    }
    if (attrs.size() == 0) {
      throw new UnreadableDocumentException(SkipCode.Empty, "empty file");
    }
    ParsedDocument parsed = formats.read(format, Files.readAllBytes(file));
    if (parsed.text().length() > limits.maxTextChars()) {
      throw new UnreadableDocumentException(
          SkipCode.TooLarge, "more than " + limits.maxTextChars() + " characters of text");
    }
    String title = parsed.title() == null ? Titles.fileStem(name) : parsed.title();
    Instant updated =
        parsed.updated() != null ? parsed.updated() : attrs.lastModifiedTime().toInstant();
    SourceDocument document =
        SourceDocument.of(
            sourceName,
            id,
            title.isBlank() ? Titles.fileStem(name) : title,
            parsed.uri(),
            parsed.text(),
            parsed.metadata(),
            parsed.labels(),
            List.of(),
            updated);
    if (document.text().isEmpty()) {
      throw new UnreadableDocumentException(SkipCode.Empty, "no text once read");
    }
    return document;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static String describe(Throwable e) {
    if (e instanceof NoSuchFileException) {
      return "does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemLoopException) {
      return "symbolic link loop";
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** One walk of the folder: collects documents and skips, never throws for one file. */
  private final class Walk extends SimpleFileVisitor<Path> {
    private final Path root;
    private final List<SourceDocument> documents = new ArrayList<>();
    private final List<SkippedDocument> skipped = new ArrayList<>();
    private IOException rootFailure;

    Walk(Path root) {
      this.root = root;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (dir.equals(root)) {
        return FileVisitResult.CONTINUE;
      }
      if (hidden(dir)) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      try {
        if (!dir.toRealPath().startsWith(root)) {
          skip(id(dir) + "/", SkipCode.UnsafeLink, "symbolic link to a folder outside the source");
          return FileVisitResult.SKIP_SUBTREE;
        }
      } catch (IOException e) {
        skip(id(dir) + "/", SkipCode.Unreadable, "cannot resolve folder: " + describe(e));
        return FileVisitResult.SKIP_SUBTREE;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (hidden(file)) {
        return FileVisitResult.CONTINUE;
      }
      String id = id(file);
      if (!included(id)) {
        return FileVisitResult.CONTINUE;
      }
      try {
        Path real;
        try {
          real = file.toRealPath();
        } catch (NoSuchFileException e) {
          skip(id, SkipCode.UnsafeLink, "broken symbolic link");
          return FileVisitResult.CONTINUE;
        }
        if (!real.startsWith(root)) {
          skip(id, SkipCode.UnsafeLink, "symbolic link to a file outside the source");
          return FileVisitResult.CONTINUE;
        }
        if (!attrs.isRegularFile()) {
          skip(id, SkipCode.Unreadable, "not a regular file");
          return FileVisitResult.CONTINUE;
        }
        documents.add(readFile(file, id, attrs));
      } catch (UnreadableDocumentException e) {
        skip(id, e.code(), e.getMessage());
      } catch (IOException e) {
        skip(id, SkipCode.Unreadable, "cannot read: " + describe(e));
      } catch (RuntimeException | StackOverflowError e) {
        // a parser bug on one hostile file must not stop the source
        LOG.warnf(e, "source %s: unexpected failure reading %s", sourceName, id);
        skip(id, SkipCode.Corrupt, "unexpected failure reading the file: " + describe(e));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      if (file.equals(root)) {
        rootFailure = e;
        return FileVisitResult.TERMINATE;
      }
      if (!hidden(file)) {
        String id = id(file);
        if (e instanceof FileSystemLoopException) {
          skip(id + "/", SkipCode.UnsafeLink, "symbolic link loop");
        } else if (included(id) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          skip(id, SkipCode.Unreadable, "cannot read: " + describe(e));
        }
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
      if (e != null && dir.equals(root)) {
        rootFailure = e;
      } else if (e != null) {
        skip(id(dir) + "/", SkipCode.Unreadable, "folder not fully listed: " + describe(e));
      }
      return FileVisitResult.CONTINUE;
    }

    private boolean hidden(Path path) {
      return path.getFileName() != null && path.getFileName().toString().startsWith(".");
    }

    private String id(Path path) {
      String relative =
          root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
      return Normalizer.normalize(relative, Normalizer.Form.NFC);
    }

    private void skip(String id, SkipCode code, String reason) {
      skipped.add(new SkippedDocument(sourceName, id, code, reason));
    }
  }
}
