package io.hubia.runtime.ingest.hydra;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A field of a Hydra member named in the source's mapping: a top-level property name ({@code
 * titre}, {@code hydra:description}) or, when it starts with {@code /}, a JSON Pointer (RFC 6901)
 * into the member ({@code /auteur/nom}, {@code /tags/0}).
 *
 * <p>Its texts ({@link #texts}): a string as is, a number or boolean as written in the JSON, an
 * array as the texts of its scalar items in order. Objects (embedded relations such as {@code
 * "auteur": {"@id": "/api/auteurs/3", "nom": "…"}}) give no text, wherever they are: which of their
 * properties is meant cannot be guessed, so the mapping names it with a pointer ({@code
 * /auteur/nom}). Blank texts are dropped; the others are stripped. Immutable.
 */
final class FieldPath {
  private final String name;
  private final JsonPointer pointer;

  private FieldPath(String name, JsonPointer pointer) {
    this.name = name;
    this.pointer = pointer;
  }

  /**
   * The field named {@code name} in a mapping.
   *
   * @throws IllegalArgumentException when {@code name} is blank, or is a malformed JSON Pointer
   */
  static FieldPath of(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a field name is blank");
    }
    String field = name.strip();
    if (!field.startsWith("/")) {
      return new FieldPath(field, null);
    }
    try {
      return new FieldPath(field, JsonPointer.compile(field));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + field + "' is not a valid JSON Pointer (escape '~' as ~0 and '/' as ~1)");
    }
  }

  /** The field as written in the mapping; also its key in the document's metadata. */
  String name() {
    return name;
  }

  /** The value at this field in {@code member}, or {@code null} when absent or JSON null. */
  JsonNode node(JsonNode member) {
    JsonNode node = pointer == null ? member.get(name) : member.at(pointer);
    return node == null || node.isMissingNode() || node.isNull() ? null : node;
  }

  /** The texts of this field in {@code member}, in order; empty when it has none. */
  List<String> texts(JsonNode member) {
    JsonNode node = node(member);
    List<String> texts = new ArrayList<>();
    if (node == null) {
      return texts;
    }
    if (node.isArray()) {
      node.forEach(item -> addScalar(item, texts));
    } else {
      addScalar(node, texts);
    }
    return texts;
  }

  /** The first text of this field in {@code member}, or {@code null}. */
  String text(JsonNode member) {
    List<String> texts = texts(member);
    return texts.isEmpty() ? null : texts.get(0);
  }

  /**
   * Why this field gives no text in {@code member}, for a skip reason: {@code "'resume' is
   * absent"}; {@code null} when it has text.
   */
  String whyNoText(JsonNode member) {
    JsonNode node = node(member);
    String quoted = "'" + name + "'";
    if (node == null) {
      return quoted + " is absent";
    }
    if (!texts(member).isEmpty()) {
      return null;
    }
    if (node.isObject()) {
      return quoted
          + " is an object: name one of its properties with a JSON Pointer such as '"
          + (pointer == null ? "/" + escape(name) : name)
          + "/name'";
    }
    if (node.isArray()) {
      return quoted + " is a list without text";
    }
    return quoted + " is empty";
  }

  private static void addScalar(JsonNode node, List<String> texts) {
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      String text = node.asText().strip();
      if (!text.isEmpty()) {
        texts.add(text);
      }
    }
  }

  private static String escape(String property) {
    return property.replace("~", "~0").replace("/", "~1");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath other && name.equals(other.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
