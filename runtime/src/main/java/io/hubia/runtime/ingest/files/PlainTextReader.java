package io.hubia.runtime.ingest.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Plain text: paragraphs are kept; a line that starts with {@code #} is escaped so that it is not
 * taken for a heading. Title: the first line when short, else the file name.
 */
final class PlainTextReader implements FormatReader {
  private static final Pattern HEADING_LIKE = Pattern.compile("(?m)^( {0,3})(#{1,6}[ \\t])");

  @Override
  public ParsedFile read(Path file) throws UnreadableDocumentException, IOException {
    String text = TextDecoder.decode(Files.readAllBytes(file));
    String body = HEADING_LIKE.matcher(text).replaceAll("$1\\\\$2");
    return new ParsedFile(Titles.firstLine(text), null, body, Map.of(), List.of(), null);
  }
}
