package io.hubia.runtime.ingest.files;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one file format into a {@link ParsedFile}. */
interface FormatReader {
  /**
   * Reads a file already checked against the size limit.
   *
   * @throws UnreadableDocumentException when the content is refused (skipped with its reason)
   * @throws IOException when the file system fails
   */
  ParsedFile read(Path file) throws UnreadableDocumentException, IOException;
}
