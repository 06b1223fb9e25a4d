package io.hubia.runtime.ingest.cmis;

import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The format of a document's content stream and its bounded reading.
 *
 * <p>The format comes from the content's MIME type ({@link DocumentFormats#byMediaType}); from the
 * file name when the MIME type is missing or generic ({@code application/octet-stream}), and also
 * when a Markdown file is declared {@code text/plain}, as many repositories do. A MIME type no
 * reader handles is {@link SkipCode#UnsupportedType}, whatever the name says: the bytes are of that
 * type.
 */
final class CmisContent {
  /** MIME types that say nothing of the content. */
  private static final Set<String> GENERIC_TYPES =
      Set.of(
          "application/octet-stream",
          "binary/octet-stream",
          "application/binary",
          "application/unknown",
          "application/x-download",
          "application/force-download");

  private CmisContent() {}

  /**
   * The format of a content stream.
   *
   * @param mimeType {@code cmis:contentStreamMimeType}, or {@code null}
   * @param fileName {@code cmis:contentStreamFileName}, else {@code cmis:name}; may be {@code null}
   * @throws UnreadableDocumentException ({@link SkipCode#UnsupportedType}) when no reader handles
   *     it
   */
  static DocumentFormats.Format format(String mimeType, String fileName)
      throws UnreadableDocumentException {
    Optional<DocumentFormats.Format> byName =
        fileName == null ? Optional.empty() : DocumentFormats.byFileName(fileName);
    String type = baseType(mimeType);
    if (type != null && !GENERIC_TYPES.contains(type)) {
      Optional<DocumentFormats.Format> byType = DocumentFormats.byMediaType(type);
      if (byType.isEmpty()) {
        throw new UnreadableDocumentException(
            SkipCode.UnsupportedType,
            "unsupported content type " + type + " (supported: Markdown, plain text, HTML, PDF)");
      }
      if (byType.get() == DocumentFormats.Format.TEXT
          && byName.orElse(null) == DocumentFormats.Format.MARKDOWN) {
        return DocumentFormats.Format.MARKDOWN;
      }
      return byType.get();
    }
    return byName.orElseThrow(
        () ->
            new UnreadableDocumentException(
                SkipCode.UnsupportedType,
                (type == null ? "no content type" : "generic content type " + type)
                    + " and "
                    + (fileName == null || fileName.indexOf('.') < 0
                        ? "no file extension"
                        : "unsupported file type " + fileName.substring(fileName.lastIndexOf('.')))
                    + ": the type cannot be told (supported: "
                    + DocumentFormats.supportedExtensions()
                    + ")"));
  }

  /**
   * Reads {@code in} to its end, or fails as soon as it holds more than {@code maxBytes}: never
   * reads more than {@code maxBytes + 1} bytes. Does not close {@code in}.
   *
   * @throws UnreadableDocumentException ({@link SkipCode#TooLarge}) past {@code maxBytes}
   */
  static byte[] readAtMost(InputStream in, long maxBytes)
      throws IOException, UnreadableDocumentException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    while (true) {
      int wanted = (int) Math.min(buffer.length, maxBytes + 1 - total);
      int n = in.read(buffer, 0, wanted);
      if (n < 0) {
        return out.toByteArray();
      }
      total += n;
      if (total > maxBytes) {
        throw tooLarge("content is larger than", maxBytes);
      }
      out.write(buffer, 0, n);
    }
  }

  /** A {@link SkipCode#TooLarge} refusal: "{@code what} the 20.0 MiB limit". */
  static UnreadableDocumentException tooLarge(String what, long maxBytes) {
    return new UnreadableDocumentException(
        SkipCode.TooLarge, what + " the " + size(maxBytes) + " limit");
  }

  /** A size for people: bytes below 1 KiB, KiB below 1 MiB, MiB above. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static String baseType(String mimeType) {
    if (mimeType == null || mimeType.isBlank()) {
      return null;
    }
    int semicolon = mimeType.indexOf(';');
    String type = semicolon < 0 ? mimeType : mimeType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }
}
