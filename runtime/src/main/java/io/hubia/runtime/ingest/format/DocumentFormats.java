package io.hubia.runtime.ingest.format;

import io.hubia.runtime.ingest.SkipCode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The document formats every connector reads: Markdown (with YAML front matter), plain text, HTML
 * and PDF. A connector names the format from a file name ({@link #byFileName}) or a media type
 * ({@link #byMediaType}) and hands the bytes to {@link #read}; the result is in the Markdown
 * structure of {@link io.hubia.runtime.ingest.SourceDocument}. Thread-safe.
 */
public final class DocumentFormats {
  /** A format the readers handle. */
  public enum Format {
    MARKDOWN,
    TEXT,
    HTML,
    PDF
  }

  private static final Map<String, Format> EXTENSIONS =
      Map.of(
          "md", Format.MARKDOWN,
          "markdown", Format.MARKDOWN,
          "txt", Format.TEXT,
          "text", Format.TEXT,
          "html", Format.HTML,
          "htm", Format.HTML,
          "xhtml", Format.HTML,
          "pdf", Format.PDF);

  private static final Map<String, Format> MEDIA_TYPES =
      Map.of(
          "text/markdown", Format.MARKDOWN,
          "text/x-markdown", Format.MARKDOWN,
          "text/plain", Format.TEXT,
          "text/html", Format.HTML,
          "application/xhtml+xml", Format.HTML,
          "application/pdf", Format.PDF);

  private final Map<Format, FormatReader> readers;

  /**
   * @param maxTextChars documents with more text than this are refused as {@link SkipCode#TooLarge}
   *     (checked while reading PDFs, whose text can be far larger than the file)
   */
  public DocumentFormats(int maxTextChars) {
    if (maxTextChars <= 0) {
      throw new IllegalArgumentException("maxTextChars must be positive");
    }
    this.readers =
        Map.of(
            Format.MARKDOWN, new MarkdownReader(),
            Format.TEXT, new PlainTextReader(),
            Format.HTML, new HtmlReader(),
            Format.PDF, new PdfReader(maxTextChars));
  }

  /** The format of a file from its extension (case-insensitive), if a reader handles it. */
  public static Optional<Format> byFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        EXTENSIONS.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /**
   * The format of a media type such as {@code text/html; charset=UTF-8} (parameters ignored), if a
   * reader handles it.
   */
  public static Optional<Format> byMediaType(String mediaType) {
    if (mediaType == null) {
      return Optional.empty();
    }
    int semicolon = mediaType.indexOf(';');
    String type = (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).strip();
    return Optional.ofNullable(MEDIA_TYPES.get(type.toLowerCase(Locale.ROOT)));
  }

  /** The supported file extensions, for error messages. */
  public static String supportedExtensions() {
    return ".md, .txt, .html, .pdf";
  }

  /**
   * Reads {@code bytes} as {@code format}.
   *
   * @throws UnreadableDocumentException when the content is refused, with the reason to report
   */
  public ParsedDocument read(Format format, byte[] bytes) throws UnreadableDocumentException {
    if (bytes.length == 0) {
      throw new UnreadableDocumentException(SkipCode.Empty, "empty document");
    }
    try {
      return readers.get(format).read(bytes);
    } catch (IOException e) {
      throw new UnreadableDocumentException(
          SkipCode.Corrupt,
          "cannot read the "
              + format.name().toLowerCase(Locale.ROOT)
              + " content: "
              + FrontMatter.abbreviate(String.valueOf(e.getMessage()), 200));
    }
  }
}
