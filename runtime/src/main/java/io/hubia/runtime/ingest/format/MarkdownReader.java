package io.hubia.runtime.ingest.format;

import java.io.IOException;

/**
 * Markdown is already the structure format of {@link io.hubia.runtime.ingest.SourceDocument}: the
 * body is kept as written, front matter aside. Title: front matter, else the first heading.
 */
final class MarkdownReader implements FormatReader {
  @Override
  public ParsedDocument read(byte[] bytes) throws UnreadableDocumentException, IOException {
    String text = TextDecoder.decode(bytes);
    FrontMatter front = FrontMatter.parse(text);
    String title = front.title() != null ? front.title() : Titles.firstHeading(front.body());
    return new ParsedDocument(
        title, front.uri(), front.body(), front.metadata(), front.labels(), front.updated());
  }
}
