package io.hubia.runtime.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical form of an audit event and its hash (format version {@value #VERSION}).
 *
 * <p>The canonical form is one JSON object whose keys are sorted (by UTF-16 code units), with no
 * whitespace, absent values as {@code null}, timestamps as {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}
 * (UTC, microseconds) and numbers in plain notation ({@code 100}, {@code 0.0015}, never {@code
 * 1E+2}). JSON columns are stored in the same canonical form, and PostgreSQL's {@code jsonb} keeps
 * the digits of plain numbers, so a row read back gives the same canonical form. The hash is the
 * lowercase hex SHA-256 of the UTF-8 bytes of the canonical form, which includes {@code prevHash}:
 * changing, removing or reordering an event breaks every later hash of its chain.
 *
 * <p>A new format gets a new version number, stored with each row ({@code hash_version}), so that
 * old rows stay verifiable.
 */
public final class AuditHashing {
  /** The canonical form described above. */
  public static final int VERSION = 1;

  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Reads JSON with decimals as BigDecimal (exact digits) and serialises values to trees. */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .findAndAddModules()
          .build();

  private AuditHashing() {}

  /** The hash of {@code record}, whose {@code prevHash} is part of it and {@code hash} is not. */
  public static String hash(AuditRecord record) {
    if (record.hashVersion() != VERSION) {
      throw new IllegalArgumentException("unknown audit hash version " + record.hashVersion());
    }
    return sha256Hex(canonicalForm(record));
  }

  /** The canonical form of {@code record} (its {@code hash} excluded). */
  public static String canonicalForm(AuditRecord r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("v", r.hashVersion());
    o.put("eventId", r.eventId().toString());
    o.put("occurredAt", MICROS.format(r.occurredAt()));
    o.put("namespace", r.namespace());
    o.put("workflow", r.workflow());
    o.put("workflowGeneration", r.workflowGeneration());
    o.put("policy", r.policy());
    o.put("policyGeneration", r.policyGeneration());
    o.put("subject", r.subject());
    o.set("claims", r.claims());
    o.put("questionText", r.questionText());
    o.put("questionHash", r.questionHash());
    o.put("answer", r.answer());
    o.put("fallback", r.fallback());
    o.put("fallbackReason", r.fallbackReason());
    o.set("citations", r.citations());
    o.set("retrieved", r.retrieved());
    o.put("model", r.model());
    o.put("tokensIn", r.tokensIn());
    o.put("tokensOut", r.tokensOut());
    o.set("decisions", r.decisions());
    o.put("latencyMs", r.latencyMs());
    o.put("traceId", r.traceId());
    o.put("prevHash", r.prevHash());
    return write(o);
  }

  /** {@code value} (a map, a list, a record...) as a canonical JSON tree. */
  public static JsonNode canonicalTree(Object value) {
    try {
      // through text, so that doubles become exact decimals as a reader of the row would see them
      return withoutNul(JSON.readTree(JSON.writeValueAsString(value)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit value is not serialisable to JSON: " + e, e);
    }
  }

  /**
   * {@code text} without NUL characters, which PostgreSQL text and jsonb refuse: each becomes
   * U+FFFD, so that one odd question cannot make the audit trail refuse writes.
   */
  public static String withoutNul(String text) {
    return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
  }

  private static JsonNode withoutNul(JsonNode node) {
    if (node.isTextual()) {
      String text = node.textValue();
      String clean = withoutNul(text);
      return clean.equals(text) ? node : JsonNodeFactory.instance.textNode(clean);
    }
    if (node.isArray()) {
      var array = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> array.add(withoutNul(item)));
      return array;
    }
    if (node.isObject()) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      node.fields()
          .forEachRemaining(e -> object.set(withoutNul(e.getKey()), withoutNul(e.getValue())));
      return object;
    }
    return node;
  }

  /** Parses a stored JSON column. */
  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json == null ? "null" : json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("stored audit JSON does not parse: " + e, e);
    }
  }

  /** The canonical text of a JSON tree: sorted keys, no whitespace, plain numbers. */
  public static String write(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      write(node, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonNode node, JsonGenerator g) throws IOException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      g.writeNull();
    } else if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      g.writeStartObject();
      for (String name : names) {
        g.writeFieldName(name);
        write(node.get(name), g);
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (JsonNode item : node) {
        write(item, g);
      }
      g.writeEndArray();
    } else if (node.isIntegralNumber()) {
      g.writeNumber(node.bigIntegerValue().toString());
    } else if (node.isNumber()) {
      g.writeNumber(node.decimalValue().toPlainString());
    } else if (node.isBoolean()) {
      g.writeBoolean(node.booleanValue());
    } else if (node.isTextual()) {
      g.writeString(node.textValue());
    } else {
      // binary and POJO nodes do not come out of JSON text
      g.writeString(node.asText());
    }
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
