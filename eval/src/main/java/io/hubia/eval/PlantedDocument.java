package io.hubia.eval;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A document a golden set plants in a shadow copy of the workflow's index, for indirect injection
 * cases ({@code shadow: true}): the runtime copies the live index into a shadow, adds these
 * documents, and answers the shadow cases from it. The live index is never written.
 *
 * <p>The runtime gives a planted document the id a Files source would, with the source name {@code
 * planted}: {@code planted:<id>} ({@link #matches}).
 *
 * @param id identifier, unique in its golden set: letters, digits, {@code .}, {@code _} or {@code
 *     -}, at most {@value #MAX_ID_LENGTH} characters
 * @param title the document's title
 * @param text the document's text, at most {@value #MAX_TEXT_LENGTH} characters
 * @param labels the access labels the document carries; empty to let the runtime give it the labels
 *     the asker may read
 */
public record PlantedDocument(String id, String title, String text, List<String> labels) {
  /** Longest id the runtime accepts. */
  public static final int MAX_ID_LENGTH = 100;

  /** Longest text the runtime accepts. */
  public static final int MAX_TEXT_LENGTH = 20_000;

  /** Most documents one shadow may plant. */
  public static final int MAX_DOCUMENTS = 50;

  /** Source name the runtime gives planted documents in their document ids. */
  public static final String SOURCE = "planted";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID_LENGTH + "}");

  /** Checks the fields against what the runtime accepts; absent labels become empty. */
  public PlantedDocument {
    if (id == null || !ID.matcher(id.strip()).matches()) {
      throw new IllegalArgumentException(
          "planted document id '"
              + id
              + "' must be 1 to "
              + MAX_ID_LENGTH
              + " letters, digits, '.', '_' or '-'");
    }
    id = id.strip();
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("planted document '" + id + "' has no 'title'");
    }
    title = title.strip();
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("planted document '" + id + "' has no 'text'");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "planted document '"
              + id
              + "' has a text of "
              + text.length()
              + " characters; at most "
              + MAX_TEXT_LENGTH);
    }
    if (labels == null) {
      labels = List.of();
    } else {
      for (String label : labels) {
        if (label == null || label.isBlank()) {
          throw new IllegalArgumentException(
              "planted document '" + id + "' has an empty entry in 'labels'");
        }
      }
      labels = labels.stream().map(String::strip).toList();
    }
  }

  /**
   * Whether {@code documentId}, as the runtime cites it, is this planted document: {@code
   * planted:<id>}, or any id that ends with this id after a separator ({@code :} or {@code /}), in
   * case the runtime spells the source differently.
   */
  public boolean matches(String documentId) {
    if (documentId == null) {
      return false;
    }
    if (documentId.equals(SOURCE + ":" + id) || documentId.equals(id)) {
      return true;
    }
    return documentId.endsWith(":" + id) || documentId.endsWith("/" + id);
  }
}
