package io.hubia.eval;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a golden set: YAML ({@code .yaml}, {@code .yml}; a list of cases, or an object with a
 * {@code cases} list), JSON ({@code .json}, the same shapes) or JSON Lines ({@code .jsonl}, one
 * case per line, blank lines ignored). The format follows the file name, as for a ConfigMap key.
 *
 * <p>A YAML or JSON object may also declare {@code plant}: documents planted in a shadow copy of
 * the workflow's index ({@link PlantedDocument}), which the cases that say {@code shadow: true} are
 * asked against. A shadow case in a file that plants nothing is refused, and so is a file that
 * plants documents no case is asked against.
 *
 * <p>Reading is strict, because a golden set decides whether a revision is promoted: an unknown
 * field (often a typo), a missing question or caller, a duplicate id, a key fact with no words, or
 * an empty set are refused with a message naming the line and the case.
 */
public final class GoldenSetReader {
  private static final ObjectMapper YAML = strict(new YAMLMapper());
  private static final ObjectMapper JSON = strict(new JsonMapper());
  // One case per line: a second value on the same line is an error, not the next case.
  private static final ObjectMapper JSON_LINE =
      strict(new JsonMapper()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; (?=line: )");

  private GoldenSetReader() {}

  /** Reads the cases of the golden set in {@code file}, in the format its extension names. */
  public static List<GoldenCase> read(Path file) throws IOException {
    return readSet(file).cases();
  }

  /** Reads the golden set in {@code file}, with its planted documents. */
  public static GoldenSet readSet(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readSet(file.getFileName().toString(), reader);
    }
  }

  /** Reads the cases of a golden set from {@code reader}, as {@link #readSet(String, Reader)}. */
  public static List<GoldenCase> read(String name, Reader reader) throws IOException {
    return readSet(name, reader).cases();
  }

  /**
   * Reads a golden set from {@code reader}; {@code name} (a file name or ConfigMap key) chooses the
   * format and prefixes error messages.
   */
  public static GoldenSet readSet(String name, Reader reader) throws IOException {
    String lower = name.toLowerCase(Locale.ROOT);
    Collector collector = new Collector(name);
    if (lower.endsWith(".jsonl")) {
      readJsonLines(new BufferedReader(reader), collector);
    } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      readDocument(YAML, reader, collector);
    } else if (lower.endsWith(".json")) {
      readDocument(JSON, reader, collector);
    } else {
      throw new InvalidGoldenSetException(
          name + ": unknown golden set format; name the file .yaml, .yml, .json or .jsonl");
    }
    return collector.golden();
  }

  private static void readJsonLines(BufferedReader reader, Collector collector) throws IOException {
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON_LINE.readTree(line);
      } catch (JsonProcessingException e) {
        throw collector.error(number, "not valid JSON: " + parseProblem(e), e);
      }
      collector.add(node, number);
    }
  }

  private static void readDocument(ObjectMapper mapper, Reader reader, Collector collector)
      throws IOException {
    try (JsonParser parser = mapper.createParser(reader)) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_OBJECT) {
        boolean sawCases = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          if (field.equals("plant")) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
              throw collector.error(line(parser), "'plant' must be a list of documents", null);
            }
            readPlant(mapper, parser, collector);
            continue;
          }
          if (!field.equals("cases")) {
            throw collector.error(
                line(parser),
                "unknown top-level field '" + field + "'; expected 'cases' or 'plant'",
                null);
          }
          sawCases = true;
          if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw collector.error(line(parser), "'cases' must be a list of cases", null);
          }
          readCases(mapper, parser, collector);
        }
        if (!sawCases) {
          throw collector.error(line(parser), "missing 'cases'", null);
        }
      } else if (token == JsonToken.START_ARRAY) {
        readCases(mapper, parser, collector);
      } else if (token != null) {
        throw collector.error(
            line(parser), "a golden set is a list of cases, or an object with 'cases'", null);
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw collector.error(line, "not valid " + format(mapper) + ": " + parseProblem(e), e);
    }
  }

  private static void readCases(ObjectMapper mapper, JsonParser parser, Collector collector)
      throws IOException {
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY && token != null;
        token = parser.nextToken()) {
      int line = line(parser);
      collector.add(mapper.readTree(parser), line);
    }
  }

  private static void readPlant(ObjectMapper mapper, JsonParser parser, Collector collector)
      throws IOException {
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY && token != null;
        token = parser.nextToken()) {
      int line = line(parser);
      collector.plant(mapper.readTree(parser), line);
    }
  }

  private static int line(JsonParser parser) {
    JsonLocation location = parser.currentTokenLocation();
    return location == null ? 0 : location.getLineNr();
  }

  /** The parser's message without the source description Jackson puts in nested locations. */
  private static String parseProblem(JsonProcessingException e) {
    return SOURCE.matcher(e.getOriginalMessage()).replaceAll("[");
  }

  private static String format(ObjectMapper mapper) {
    return mapper == YAML ? "YAML" : "JSON";
  }

  private static ObjectMapper strict(ObjectMapper mapper) {
    return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Turns tree nodes into cases, checking what spans cases: ids unique, at least one case. */
  private static final class Collector {
    private final String name;
    private final List<GoldenCase> cases = new ArrayList<>();
    private final Map<String, Integer> lineOfId = new HashMap<>();
    private final List<PlantedDocument> plant = new ArrayList<>();
    private final Map<String, Integer> lineOfPlanted = new HashMap<>();
    private int plantLine;

    Collector(String name) {
      this.name = name;
    }

    void add(JsonNode node, int line) {
      int index = cases.size() + 1;
      String label = label(node, index);
      if (!node.isObject()) {
        throw error(line, label + ": a case must be an object with at least id and question", null);
      }
      GoldenCase goldenCase;
      try {
        goldenCase = JSON.treeToValue(node, GoldenCase.class);
      } catch (JsonProcessingException e) {
        throw error(line, label + ": " + explain(e), e);
      } catch (IllegalArgumentException e) {
        throw error(line, label + ": " + e.getMessage(), e);
      }
      for (String fact : goldenCase.keyFacts()) {
        if (AnswerMetrics.normalise(fact).isEmpty()) {
          throw error(line, label + ": key fact '" + fact + "' has no words to look for", null);
        }
      }
      Integer first = lineOfId.putIfAbsent(goldenCase.id(), line);
      if (first != null) {
        throw error(
            line, label + ": duplicate id, already used by the case on line " + first, null);
      }
      cases.add(goldenCase);
    }

    void plant(JsonNode node, int line) {
      int index = plant.size() + 1;
      JsonNode id = node.get("id");
      String label =
          id != null && id.isValueNode() && !id.asText().isBlank()
              ? "planted document " + index + " (id '" + id.asText().strip() + "')"
              : "planted document " + index;
      if (!node.isObject()) {
        throw error(line, label + ": a planted document must be an object", null);
      }
      PlantedDocument document;
      try {
        document = JSON.treeToValue(node, PlantedDocument.class);
      } catch (JsonProcessingException e) {
        throw error(line, label + ": " + explain(e), e);
      } catch (IllegalArgumentException e) {
        throw error(line, label + ": " + e.getMessage(), e);
      }
      Integer first = lineOfPlanted.putIfAbsent(document.id(), line);
      if (first != null) {
        throw error(
            line, label + ": duplicate id, already used by the document on line " + first, null);
      }
      if (plant.size() == PlantedDocument.MAX_DOCUMENTS) {
        throw error(
            line,
            label + ": a golden set plants at most " + PlantedDocument.MAX_DOCUMENTS + " documents",
            null);
      }
      if (plant.isEmpty()) {
        plantLine = line;
      }
      plant.add(document);
    }

    GoldenSet golden() {
      if (cases.isEmpty()) {
        throw new InvalidGoldenSetException(
            name + ": the golden set has no cases; an empty set would pass every threshold");
      }
      List<GoldenCase> shadowCases = cases.stream().filter(GoldenCase::shadow).toList();
      if (plant.isEmpty() && !shadowCases.isEmpty()) {
        GoldenCase first = shadowCases.get(0);
        throw error(
            lineOfId.get(first.id()),
            "case '"
                + first.id()
                + "' says 'shadow: true' but the golden set plants no document: declare them"
                + " under a top-level 'plant'",
            null);
      }
      if (!plant.isEmpty() && shadowCases.isEmpty()) {
        throw error(
            plantLine,
            "the golden set plants documents but no case says 'shadow: true' to be asked against"
                + " them",
            null);
      }
      return new GoldenSet(cases, plant);
    }

    InvalidGoldenSetException error(int line, String message, Throwable cause) {
      String where = line > 0 ? name + ", line " + line : name;
      return new InvalidGoldenSetException(where + ": " + message, cause);
    }

    private static String label(JsonNode node, int index) {
      JsonNode id = node.get("id");
      return id != null && id.isValueNode() && !id.asText().isBlank()
          ? "case " + index + " (id '" + id.asText().strip() + "')"
          : "case " + index;
    }

    /** Jackson's messages name Java classes; this says what is wrong in golden set terms. */
    private static String explain(JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException) {
        return cause.getMessage();
      }
      if (e instanceof UnrecognizedPropertyException unknown) {
        return "unknown field '"
            + path(unknown)
            + "'; known fields: "
            + unknown.getKnownPropertyIds().stream()
                .map(Object::toString)
                .sorted()
                .collect(Collectors.joining(", "));
      }
      if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
        return "field '" + path(mapping) + "' has the wrong type (" + firstLine(e) + ")";
      }
      return firstLine(e);
    }

    private static String path(JsonMappingException e) {
      return e.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining("."))
          .replace(".[", "[");
    }

    private static String firstLine(JsonProcessingException e) {
      String message = e.getOriginalMessage();
      int end = message.indexOf('\n');
      return end < 0 ? message : message.substring(0, end);
    }
  }
}
