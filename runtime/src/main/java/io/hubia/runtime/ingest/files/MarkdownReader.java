package io.hubia.runtime.ingest.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Markdown is already the structure format of {@link io.hubia.runtime.ingest.SourceDocument}: the
 * body is kept as written, front matter aside. Title: front matter, else the first heading.
 */
final class MarkdownReader implements FormatReader {
  @Override
  public ParsedFile read(Path file) throws UnreadableDocumentException, IOException {
    String text = TextDecoder.decode(Files.readAllBytes(file));
    FrontMatter front = FrontMatter.parse(text);
    String title = front.title() != null ? front.title() : Titles.firstHeading(front.body());
    return new ParsedFile(
        title, front.uri(), front.body(), front.metadata(), front.labels(), front.updated());
  }
}
