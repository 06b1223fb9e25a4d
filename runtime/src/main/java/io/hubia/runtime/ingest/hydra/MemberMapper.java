package io.hubia.runtime.ingest.hydra;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubia.api.v1alpha1.spec.HydraFieldMapping;
import io.hubia.runtime.ingest.SkipCode;
import io.hubia.runtime.ingest.SourceDocument;
import io.hubia.runtime.ingest.format.DocumentFormats;
import io.hubia.runtime.ingest.format.IsoDates;
import io.hubia.runtime.ingest.format.UnreadableDocumentException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one member of a Hydra collection into a {@link SourceDocument}, following the source's
 * {@link HydraFieldMapping}.
 *
 * <ul>
 *   <li>id: the member's {@code @id} as served ({@code /api/fiches/42}); required.
 *   <li>text: the texts of the body fields, in the mapping's order, joined with blank lines. A
 *       value holding HTML markup is read as an HTML document, so its headings, lists and
 *       paragraphs keep their Markdown structure; other values are taken as they are (plain text or
 *       Markdown).
 *   <li>title: the mapped field, else {@code title}, else {@code name}, else the last segment of
 *       the {@code @id}.
 *   <li>uri: the mapped field, else the {@code @id}, resolved against the collection URL; only
 *       http(s) links are kept.
 *   <li>labels: the texts of the label fields; they are also put in the metadata under the field's
 *       name as written in the mapping.
 *   <li>metadata: every top-level string, number or boolean property (stripped, abbreviated to
 *       {@value #MAX_METADATA_VALUE} characters, blank ones left out), {@code @type} included, so
 *       that label rules such as {@code antenne=lyon} match.
 *   <li>updated: the mapped field, else {@code updatedAt}, as an ISO-8601 date-time (with an
 *       offset, or UTC without one) or date; {@code null} when absent or not a date.
 * </ul>
 *
 * <p>Field semantics (names, JSON Pointers, arrays, objects) are those of {@link FieldPath}.
 * Immutable and thread-safe.
 */
final class MemberMapper {
  static final int MAX_METADATA_VALUE = 2000;
  private static final int MAX_TITLE = 300;
  private static final FieldPath TITLE = FieldPath.of("title");
  private static final FieldPath NAME = FieldPath.of("name");
  private static final FieldPath UPDATED_AT = FieldPath.of("updatedAt");
  private static final Pattern HTML_TAG =
      Pattern.compile(
          "</?(?:p|div|br|hr|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|blockquote|pre"
              + "|code|section|article|aside|header|footer|main|figure|figcaption|img|a|span|strong"
              + "|em|b|i|u|s|small|sub|sup|mark)(?:\\s[^<>]*)?/?>",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final String sourceName;
  private final URI collection;
  private final FieldPath title;
  private final List<FieldPath> body;
  private final FieldPath uri;
  private final List<FieldPath> labels;
  private final FieldPath updated;
  private final DocumentFormats formats;
  private final int maxTextChars;

  /**
   * @throws IllegalArgumentException when the mapping has no body field, more than 10, or a
   *     malformed field
   */
  MemberMapper(
      String sourceName,
      URI collection,
      HydraFieldMapping fields,
      DocumentFormats formats,
      int maxTextChars) {
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    this.collection = Objects.requireNonNull(collection, "collection");
    this.formats = Objects.requireNonNull(formats, "formats");
    this.maxTextChars = maxTextChars;
    if (fields == null || fields.getBody() == null || fields.getBody().isEmpty()) {
      throw new IllegalArgumentException("hydra.fields.body must name 1 to 10 fields");
    }
    if (fields.getBody().size() > 10) {
      throw new IllegalArgumentException(
          "hydra.fields.body names " + fields.getBody().size() + " fields, at most 10");
    }
    this.body = paths("hydra.fields.body", fields.getBody());
    this.labels =
        paths("hydra.fields.labels", fields.getLabels() == null ? List.of() : fields.getLabels());
    this.title = optional("hydra.fields.title", fields.getTitle());
    this.uri = optional("hydra.fields.uri", fields.getUri());
    FieldPath mappedUpdated = optional("hydra.fields.updated", fields.getUpdated());
    this.updated = mappedUpdated == null ? UPDATED_AT : mappedUpdated;
  }

  /** The member's {@code @id}, stripped, or {@code null} when it has none. */
  static String idOf(JsonNode member) {
    JsonNode id = member.get("@id");
    return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText().strip() : null;
  }

  /**
   * The document of {@code member}, whose {@code @id} is {@code id}.
   *
   * @throws UnreadableDocumentException {@link SkipCode#MissingField} when the body fields give no
   *     text, {@link SkipCode#TooLarge} beyond the text limit, or the HTML reader's code when an
   *     HTML value cannot be read
   */
  SourceDocument map(JsonNode member, String id) throws UnreadableDocumentException {
    SourceDocument document =
        SourceDocument.of(
            sourceName,
            id,
            title(member, id),
            uri(member, id),
            bodyText(member),
            metadata(member),
            labelValues(member),
            List.of(),
            updated(member));
    if (document.text().length() > maxTextChars) {
      throw new UnreadableDocumentException(
          SkipCode.TooLarge, "more than " + maxTextChars + " characters of text");
    }
    if (document.text().isEmpty()) {
      throw missingBody(member);
    }
    return document;
  }

  private String bodyText(JsonNode member) throws UnreadableDocumentException {
    List<String> parts = new ArrayList<>();
    long length = 0;
    for (FieldPath field : body) {
      for (String value : field.texts(member)) {
        String text = HTML_TAG.matcher(value).find() ? html(field, value) : value;
        if (!text.isBlank()) {
          parts.add(text);
          length += text.length();
          if (length > maxTextChars) {
            throw new UnreadableDocumentException(
                SkipCode.TooLarge, "more than " + maxTextChars + " characters of text");
          }
        }
      }
    }
    if (parts.isEmpty()) {
      throw missingBody(member);
    }
    return String.join("\n\n", parts);
  }

  private String html(FieldPath field, String value) throws UnreadableDocumentException {
    try {
      return formats
          .read(DocumentFormats.Format.HTML, value.getBytes(StandardCharsets.UTF_8))
          .text();
    } catch (UnreadableDocumentException e) {
      throw new UnreadableDocumentException(
          e.code(),
          "field '" + field.name() + "' holds HTML that cannot be read: " + e.getMessage());
    }
  }

  private UnreadableDocumentException missingBody(JsonNode member) {
    List<String> why = new ArrayList<>();
    for (FieldPath field : body) {
      String reason = field.whyNoText(member);
      why.add(reason != null ? reason : "'" + field.name() + "' has no visible text");
    }
    return new UnreadableDocumentException(
        SkipCode.MissingField, "no body text: " + String.join(", ", why));
  }

  private String title(JsonNode member, String id) {
    List<FieldPath> candidates = new ArrayList<>();
    if (title != null) {
      candidates.add(title);
    }
    candidates.add(TITLE);
    candidates.add(NAME);
    for (FieldPath field : candidates) {
      String text = field.text(member);
      if (text != null) {
        return abbreviate(SPACES.matcher(text).replaceAll(" ").strip(), MAX_TITLE);
      }
    }
    return abbreviate(Iri.lastSegment(id), MAX_TITLE);
  }

  private String uri(JsonNode member, String id) {
    if (uri != null) {
      String link = link(uri.text(member));
      if (link != null) {
        return link;
      }
    }
    return link(id);
  }

  private String link(String reference) {
    if (reference == null) {
      return null;
    }
    try {
      return Iri.resolve(collection, reference).toString();
    } catch (IllegalArgumentException e) {
      return null; // a bad link loses the link, not the document
    }
  }

  private List<String> labelValues(JsonNode member) {
    Set<String> values = new LinkedHashSet<>();
    for (FieldPath field : labels) {
      values.addAll(field.texts(member));
    }
    return List.copyOf(values);
  }

  private Map<String, List<String>> metadata(JsonNode member) {
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    member
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              List<String> texts = new ArrayList<>();
              if (value.isValueNode()) {
                scalar(value, texts);
              } else if (e.getKey().equals("@type") && value.isArray()) {
                value.forEach(item -> scalar(item, texts));
              }
              if (!texts.isEmpty()) {
                metadata.put(e.getKey(), texts);
              }
            });
    for (FieldPath field : labels) {
      List<String> texts =
          field.texts(member).stream().map(t -> abbreviate(t, MAX_METADATA_VALUE)).toList();
      if (!texts.isEmpty()) {
        metadata.put(field.name(), texts);
      }
    }
    return metadata;
  }

  private static void scalar(JsonNode value, List<String> texts) {
    if (value.isTextual() || value.isNumber() || value.isBoolean()) {
      String text = value.asText().strip();
      if (!text.isEmpty()) {
        texts.add(abbreviate(text, MAX_METADATA_VALUE));
      }
    }
  }

  private Instant updated(JsonNode member) {
    return IsoDates.parse(updated.text(member)).orElse(null);
  }

  private static List<FieldPath> paths(String what, List<String> names) {
    List<FieldPath> paths = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      try {
        paths.add(FieldPath.of(names.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + "[" + i + "]: " + e.getMessage());
      }
    }
    return List.copyOf(paths);
  }

  private static FieldPath optional(String what, String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    try {
      return FieldPath.of(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
