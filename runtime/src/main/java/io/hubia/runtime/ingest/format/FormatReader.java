package io.hubia.runtime.ingest.format;

import java.io.IOException;

/** Reads one document format into a {@link ParsedDocument}. */
interface FormatReader {
  /**
   * Reads a document already checked against the size limit.
   *
   * @throws UnreadableDocumentException when the content is refused (skipped with its reason)
   * @throws IOException when reading fails
   */
  ParsedDocument read(byte[] bytes) throws UnreadableDocumentException, IOException;
}
