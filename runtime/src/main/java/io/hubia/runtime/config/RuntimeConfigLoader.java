package io.hubia.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hubia.api.config.RuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Parses and validates the runtime configuration rendered by the operator ({@link
 * RuntimeConfig#FILE_NAME}). Stateless and thread-safe.
 *
 * <p>Unknown fields are ignored: additive changes keep {@code formatVersion}, so a runtime keeps
 * working while the operator that renders its file is upgraded first. Incompatible changes bump
 * {@code formatVersion}, which this loader checks before binding anything.
 */
public final class RuntimeConfigLoader {
  /** The format versions this runtime understands. */
  public static final Set<Integer> SUPPORTED_FORMAT_VERSIONS = Set.of(RuntimeConfig.FORMAT_VERSION);

  private final ObjectMapper yaml;
  private final Clock clock;

  public RuntimeConfigLoader() {
    this(Clock.systemUTC());
  }

  public RuntimeConfigLoader(Clock clock) {
    this.clock = clock;
    this.yaml =
        YAMLMapper.builder(new YAMLFactory())
            // never echo file content in error messages (they reach logs and health data)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  /** Reads and parses the file at {@code path}. */
  public ConfigSnapshot load(Path path) throws InvalidConfigException {
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new InvalidConfigException("configuration file " + path + " does not exist");
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read configuration file " + path + ": " + e, e);
    }
    return parse(content, path.toString());
  }

  /**
   * Parses configuration content.
   *
   * @param source where the content comes from, for error messages
   */
  public ConfigSnapshot parse(byte[] content, String source) throws InvalidConfigException {
    JsonNode tree;
    try {
      tree = yaml.readTree(content);
    } catch (IOException e) {
      throw new InvalidConfigException(source + " is not valid YAML: " + message(e), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new InvalidConfigException(source + " is empty");
    }
    if (!tree.isObject()) {
      throw new InvalidConfigException(
          source + " must be a YAML mapping, not a " + tree.getNodeType());
    }
    int formatVersion = checkFormatVersion(tree.get("formatVersion"), source);

    RuntimeConfig config;
    try {
      config = yaml.treeToValue(tree, RuntimeConfig.class);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(
          source + " does not match formatVersion " + formatVersion + ": " + message(e), e);
    }
    validate(config, source);
    return new ConfigSnapshot(config, sha256(content), clock.instant());
  }

  private static int checkFormatVersion(JsonNode version, String source)
      throws InvalidConfigException {
    if (version == null || version.isNull()) {
      throw new InvalidConfigException(
          source + " has no formatVersion; this runtime reads formatVersion " + supported());
    }
    if (!version.canConvertToExactIntegral() || !version.canConvertToInt()) {
      throw new InvalidConfigException(
          source + " has formatVersion '" + version.asText() + "', which is not an integer");
    }
    int v = version.intValue();
    if (!SUPPORTED_FORMAT_VERSIONS.contains(v)) {
      throw new InvalidConfigException(
          "unsupported formatVersion "
              + v
              + " in "
              + source
              + ": this runtime reads formatVersion "
              + supported()
              + " only; run a runtime image that matches the operator");
    }
    return v;
  }

  private static void validate(RuntimeConfig config, String source) throws InvalidConfigException {
    if (config.getWorkflow() == null || isBlank(config.getWorkflow().getName())) {
      throw new InvalidConfigException(source + " has no workflow.name");
    }
    // fail closed: a workflow is never served without the policy that governs it
    if (config.getPolicy() == null || isBlank(config.getPolicy().getName())) {
      throw new InvalidConfigException(source + " has no policy.name");
    }
  }

  private static String supported() {
    return SUPPORTED_FORMAT_VERSIONS.stream()
        .sorted()
        .map(String::valueOf)
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * A short message for logs and health data. SnakeYAML's own messages quote the offending lines,
   * so syntax errors are reduced to what went wrong and where.
   */
  private static String message(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException yamlError) {
        Mark mark = yamlError.getProblemMark();
        String where =
            mark == null
                ? ""
                : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
        String context = yamlError.getContext() == null ? "" : yamlError.getContext() + ": ";
        return context + yamlError.getProblem() + where;
      }
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return mapping.getOriginalMessage() + " (at " + path(mapping) + ")";
    }
    if (e instanceof JsonProcessingException jpe) {
      return jpe.getOriginalMessage()
          + (jpe.getLocation() == null
              ? ""
              : " (line "
                  + jpe.getLocation().getLineNr()
                  + ", column "
                  + jpe.getLocation().getColumnNr()
                  + ")");
    }
    return String.valueOf(e.getMessage());
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** Hex SHA-256 of {@code content}. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
