package io.hubia.runtime.ingest.hydra;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a Hydra collection as API Platform serves it in JSON-LD: its members, the link to the
 * next page and the number of items the collection announces.
 *
 * <p>Hydra terms are read in the three forms found in practice: prefixed ({@code hydra:member}, API
 * Platform 2 and 3), unprefixed ({@code member}, API Platform 4) and as full IRIs ({@code
 * http://www.w3.org/ns/hydra/core#member}). The next page is {@code view.next}, a relative or
 * absolute IRI (or an object with an {@code @id}), resolved against the page's own URL.
 *
 * @param members the members, in the order served
 * @param next the next page's URL, resolved and without fragment, or {@code null} on the last page
 * @param totalItems the number of items the collection announces ({@code totalItems}), or {@code
 *     null}
 */
record HydraPage(List<JsonNode> members, URI next, Long totalItems) {
  private static final String HYDRA = "http://www.w3.org/ns/hydra/core#";
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // never copy the response into error messages: they reach status and logs
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  HydraPage {
    members = List.copyOf(members);
  }

  /** A page that cannot be read as a Hydra collection, with the reason. */
  static final class InvalidPageException extends Exception {
    InvalidPageException(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Parses the body of the page at {@code pageUrl}.
   *
   * @throws InvalidPageException when the body is not JSON, not a Hydra collection (no member
   *     array), or has a next link that is not an http(s) IRI
   */
  static HydraPage parse(byte[] body, URI pageUrl) throws InvalidPageException {
    if (body.length == 0) {
      throw new InvalidPageException("the response is empty");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidPageException(
          "the response is not JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new InvalidPageException("the response cannot be parsed: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidPageException("the response is empty");
    }
    if (root.isArray()) {
      throw new InvalidPageException(
          "the response is a plain JSON array, not a JSON-LD Hydra collection: the API must serve"
              + " JSON-LD (application/ld+json)");
    }
    if (!root.isObject()) {
      throw new InvalidPageException("the response is a JSON " + kind(root) + ", not an object");
    }
    JsonNode memberNode = term(root, "member");
    if (memberNode == null) {
      JsonNode type = root.get("@type");
      throw new InvalidPageException(
          "no 'hydra:member' or 'member' array: not a Hydra collection"
              + (type != null && type.isTextual() ? " (its @type is '" + type.asText() + "')" : "")
              + "; hydra.url must name an API Platform collection, e.g. /api/articles");
    }
    List<JsonNode> members = new ArrayList<>();
    if (memberNode.isArray()) {
      memberNode.forEach(members::add);
    } else if (memberNode.isObject()) {
      members.add(memberNode); // a one-member collection compacted without its array
    } else {
      throw new InvalidPageException(
          "'member' is a JSON " + kind(memberNode) + ", not an array: not a Hydra collection");
    }
    JsonNode total = term(root, "totalItems");
    Long totalItems = total != null && total.canConvertToLong() ? total.asLong() : null;
    return new HydraPage(members, next(root, pageUrl), totalItems);
  }

  private static URI next(JsonNode root, URI pageUrl) throws InvalidPageException {
    JsonNode view = term(root, "view");
    if (view == null || !view.isObject()) {
      return null;
    }
    JsonNode next = term(view, "next");
    if (next != null && next.isObject()) {
      next = next.get("@id");
    }
    if (next == null || next.isNull()) {
      return null;
    }
    if (!next.isTextual() || next.asText().isBlank()) {
      throw new InvalidPageException("'view.next' is not an IRI");
    }
    try {
      return Iri.resolve(pageUrl, next.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidPageException("'view.next' " + e.getMessage());
    }
  }

  /** The value of a Hydra term in any of its forms, or {@code null}. */
  private static JsonNode term(JsonNode node, String term) {
    for (String key : List.of("hydra:" + term, term, HYDRA + term)) {
      JsonNode value = node.get(key);
      if (value != null && !value.isNull()) {
        return value;
      }
    }
    return null;
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
