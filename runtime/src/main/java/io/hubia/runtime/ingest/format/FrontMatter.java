package io.hubia.runtime.ingest.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hubia.runtime.ingest.SkipCode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The optional YAML front matter of a Markdown file: {@code title}, {@code uri}, {@code labels},
 * {@code updated}; any other key goes into metadata (nested keys flattened as {@code a.b}).
 *
 * <p>A front matter that is present but wrong skips the document: indexing it without its labels
 * could open it to readers its author meant to keep out.
 */
record FrontMatter(
    String title,
    String uri,
    List<String> labels,
    Instant updated,
    Map<String, List<String>> metadata,
    String body) {

  /** Labels: letters, digits and {@code . _ : / @ + -}, starting with a letter or digit. */
  static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._:/@+-]{0,127}");

  private static final Pattern OPENING = Pattern.compile("\\A---[ \\t]*\\r?\\n");
  private static final Pattern CLOSING =
      Pattern.compile("^(?:---|\\.\\.\\.)[ \\t]*(?:\\r?\\n|\\z)", Pattern.MULTILINE);
  private static final int MAX_METADATA_VALUE = 2000;
  private static final ObjectMapper YAML =
      YAMLMapper.builder(new YAMLFactory())
          // never copy document content into error messages: they reach status and logs
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  /** Splits {@code text} into front matter and body; no front matter gives empty fields. */
  static FrontMatter parse(String text) throws UnreadableDocumentException {
    var opening = OPENING.matcher(text);
    if (!opening.find()) {
      return new FrontMatter(null, null, List.of(), null, Map.of(), text);
    }
    var closing = CLOSING.matcher(text);
    if (!closing.find(opening.end())) {
      throw bad("opened with '---' on line 1 but never closed by a '---' line");
    }
    String yaml = text.substring(opening.end(), closing.start());
    String body = text.substring(closing.end());
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw bad("is not valid YAML: " + yamlError(e));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new FrontMatter(null, null, List.of(), null, Map.of(), body);
    }
    if (!root.isObject()) {
      throw bad("must be a mapping of keys to values, found " + kind(root));
    }
    String title = null;
    String uri = null;
    List<String> labels = List.of();
    Instant updated = null;
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    for (var field : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      switch (key) {
        case "title" -> title = scalar(key, value);
        case "uri" -> uri = uri(scalar(key, value));
        case "labels" -> labels = labels(value);
        case "updated" -> updated = instant(scalar(key, value));
        default -> flatten(key, value, metadata);
      }
    }
    return new FrontMatter(blankToNull(title), blankToNull(uri), labels, updated, metadata, body);
  }

  private static String scalar(String key, JsonNode value) throws UnreadableDocumentException {
    if (value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw bad("'" + key + "' must be a single value, found " + kind(value));
    }
    return value.asText();
  }

  private static String uri(String value) throws UnreadableDocumentException {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(value.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw bad("'uri' must be an absolute http or https URL");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw bad("'uri' is not a valid URL: " + e.getReason());
    }
  }

  private static List<String> labels(JsonNode value) throws UnreadableDocumentException {
    List<JsonNode> items = new ArrayList<>();
    if (value.isNull()) {
      return List.of();
    } else if (value.isArray()) {
      value.forEach(items::add);
    } else if (value.isTextual()) {
      items.add(value);
    } else {
      throw bad("'labels' must be a list of strings, found " + kind(value));
    }
    List<String> labels = new ArrayList<>();
    for (JsonNode item : items) {
      if (!item.isTextual()) {
        throw bad("'labels' must be a list of strings, found an item that is " + kind(item));
      }
      String label = item.asText().strip();
      if (!LABEL.matcher(label).matches()) {
        throw bad(
            "label '"
                + abbreviate(label, 60)
                + "' is not valid: letters, digits and . _ : / @ + - only, 1 to 128 characters");
      }
      labels.add(label);
    }
    return labels;
  }

  private static Instant instant(String value) throws UnreadableDocumentException {
    if (value == null || value.isBlank()) {
      return null;
    }
    return IsoDates.parse(value)
        .orElseThrow(
            () ->
                bad(
                    "'updated' must be an ISO-8601 date or date-time (2024-05-31 or"
                        + " 2024-05-31T14:00:00+02:00), found '"
                        + abbreviate(value.strip(), 40)
                        + "'"));
  }

  private static void flatten(String key, JsonNode value, Map<String, List<String>> metadata) {
    if (value.isNull()) {
      return;
    }
    if (value.isObject()) {
      value.fields().forEachRemaining(e -> flatten(key + "." + e.getKey(), e.getValue(), metadata));
    } else if (value.isArray()) {
      List<String> values = new ArrayList<>();
      value.forEach(
          item -> {
            if (item.isValueNode() && !item.isNull()) {
              values.add(abbreviate(item.asText(), MAX_METADATA_VALUE));
            }
          });
      if (!values.isEmpty()) {
        metadata.put(key, values);
      }
    } else {
      metadata.put(key, List.of(abbreviate(value.asText(), MAX_METADATA_VALUE)));
    }
  }

  private static String yamlError(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException yaml) {
        Mark mark = yaml.getProblemMark();
        // the front matter starts on line 2 of the file
        String where = mark == null ? "" : " (line " + (mark.getLine() + 2) + " of the file)";
        return yaml.getProblem() + where;
      }
    }
    if (e instanceof JsonProcessingException json) {
      return json.getOriginalMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private static String kind(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static UnreadableDocumentException bad(String detail) {
    return new UnreadableDocumentException(SkipCode.BadFrontMatter, "front matter " + detail);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
