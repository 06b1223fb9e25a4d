package io.hubia.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubia.runtime.local.LocalMode;
import io.hubia.search.EmbeddedOpenSearch;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything the runtime answers with, started for real: an embedded OpenSearch node, an embedded
 * PostgreSQL for the audit trail, and a {@link ReplayingOpenAiServer} as the remote model. The
 * resources are the federation example ({@code examples/federation}, copied), the PIAF / NoMIRACL
 * corpus of {@code http-it/wiki.yaml}, the model workflows of {@code http-it/modeles.yaml.template}
 * and the approval workflows of {@code http-it/approbation.yaml.template}; they are ingested and
 * rendered by local mode's own code ({@link LocalMode#ingestAndRender}), so the runtime serves what
 * the operator would render.
 */
public class AnsweringStackResource implements QuarkusTestResourceLifecycleManager {
  static final Path EXAMPLE = Path.of("..", "examples", "federation").toAbsolutePath().normalize();
  private static final Pattern ENDPOINT = Pattern.compile("\\$\\{endpoint:([a-z-]+)}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedOpenSearch node;
  private static EmbeddedPostgresServer database;
  private static ReplayingOpenAiServer models;
  private Path folder;
  private Path configs;

  /** The OpenSearch node the runtime searches. */
  public static EmbeddedOpenSearch node() {
    return node;
  }

  /** The audit database. */
  public static EmbeddedPostgresServer database() {
    return database;
  }

  /** The model server. */
  public static ReplayingOpenAiServer models() {
    return models;
  }

  @Override
  public Map<String, String> start() {
    try {
      models = ReplayingOpenAiServer.start();
      node = EmbeddedOpenSearch.start();
      database = EmbeddedPostgresServer.start();
      folder = Files.createTempDirectory("hubia-answering-it");
      copyExample(folder);
      writeWiki(folder.resolve("wiki"));
      copyResource("http-it/wiki.yaml", folder.resolve("wiki.yaml"));
      Files.writeString(
          folder.resolve("modeles.yaml"),
          withEndpoints(TestFiles.resource("http-it/modeles.yaml.template")),
          StandardCharsets.UTF_8);
      Files.writeString(
          folder.resolve("approbation.yaml"),
          withEndpoints(TestFiles.resource("http-it/approbation.yaml.template")),
          StandardCharsets.UTF_8);
      configs = LocalStacks.render(folder, node, database);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return LocalStacks.runtimeProperties(configs, database);
  }

  private static void copyExample(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLE)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = target.resolve(EXAMPLE.relativize(file).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /**
   * One Markdown file per PIAF paragraph ({@code piaf/<id>.md}) and per NoMIRACL non-relevant
   * passage ({@code nomiracl/<queryId>-<n>.md}), the title in the front matter.
   */
  private static void writeWiki(Path wiki) throws IOException {
    Files.createDirectories(wiki.resolve("piaf"));
    Files.createDirectories(wiki.resolve("nomiracl"));
    for (JsonNode p : json("answer/piaf-fr.json").get("paragraphs")) {
      write(wiki.resolve("piaf/" + p.get("id").asText() + ".md"), p);
    }
    for (JsonNode q : json("answer/nomiracl-non-relevant-fr.json").get("queries")) {
      int n = 0;
      for (JsonNode passage : q.get("passages")) {
        write(wiki.resolve("nomiracl/" + q.get("queryId").asText() + "-" + n++ + ".md"), passage);
      }
    }
  }

  private static void write(Path file, JsonNode paragraph) throws IOException {
    String title = paragraph.get("title").asText().replace("\"", "'");
    Files.writeString(
        file,
        "---\ntitle: \"" + title + "\"\n---\n\n" + paragraph.get("text").asText() + "\n",
        StandardCharsets.UTF_8);
  }

  private String withEndpoints(String template) {
    Matcher m = ENDPOINT.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(models.endpoint("http-it/model/" + m.group(1) + ".json")));
    }
    return m.appendTail(out).toString();
  }

  /** A JSON test resource, e.g. {@code answer/piaf-fr.json}. */
  public static JsonNode json(String resource) throws IOException {
    return JSON.readTree(TestFiles.resource(resource));
  }

  private static void copyResource(String resource, Path target) throws IOException {
    Files.writeString(target, TestFiles.resource(resource), StandardCharsets.UTF_8);
  }

  @Override
  public void stop() {
    if (models != null) {
      models.close();
    }
    if (node != null) {
      node.close();
    }
    if (database != null) {
      database.close();
    }
    for (Path dir : new Path[] {folder, configs}) {
      TestFiles.deleteQuietly(dir);
    }
  }
}
