package io.hubia.runtime.ingest.format;

import java.io.IOException;
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
  public ParsedDocument read(byte[] bytes) throws UnreadableDocumentException, IOException {
    String text = TextDecoder.decode(bytes);
    String body = HEADING_LIKE.matcher(text).replaceAll("$1\\\\$2");
    return new ParsedDocument(Titles.firstLine(text), null, body, Map.of(), List.of(), null);
  }
}
