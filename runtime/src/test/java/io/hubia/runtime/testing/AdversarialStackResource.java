package io.hubia.runtime.testing;

import io.hubia.search.EmbeddedOpenSearch;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stack of the adversarial HTTP tests, started for real as {@link AnsweringStackResource}
 * starts its own: an embedded OpenSearch node, an embedded PostgreSQL and a {@link
 * ReplayingOpenAiServer}, the resources ingested and rendered by local mode's code. The resources
 * are a copy of the federation example without its requests-per-minute limits (the tests ask
 * hundreds of questions per caller), and, by the {@value #SUITE} argument:
 *
 * <ul>
 *   <li>{@value #LEAK} ({@code ReadLeakMatrixIT}): the canary documents of {@link
 *       RestrictedDocuments} planted in that copy, and {@code leak-it/fuiteur.yaml.template}, a
 *       workflow whose model tries to leak;
 *   <li>{@value #INJECTION} ({@code InjectionHttpIT}): the shadow index of {@link
 *       PlantedInjections} and the workflows of {@code leak-it/pieges.yaml.template}, two of them
 *       with a model that obeys every injection.
 * </ul>
 *
 * The models are fixtures built here. The example's own files are never changed. Each IT class runs
 * in a JVM of its own (see the failsafe configuration), so each starts its own stack.
 */
public class AdversarialStackResource implements QuarkusTestResourceLifecycleManager {
  /** The init argument naming the suite: {@value #LEAK} or {@value #INJECTION}. */
  public static final String SUITE = "suite";

  /** The leak matrix's resources. */
  public static final String LEAK = "leak";

  /** The injection suite's resources. */
  public static final String INJECTION = "injection";

  private static final Pattern ENDPOINT = Pattern.compile("\\$\\{endpoint:([a-z-]+)}");

  private static EmbeddedOpenSearch node;
  private static EmbeddedPostgresServer database;
  private static ReplayingOpenAiServer models;
  private static Path folder;
  private static List<PlantedInjections.Planted> planted = List.of();
  private String suite = LEAK;
  private Path configs;

  @Override
  public void init(Map<String, String> initArgs) {
    suite = initArgs.getOrDefault(SUITE, LEAK);
    if (!suite.equals(LEAK) && !suite.equals(INJECTION)) {
      throw new IllegalArgumentException("unknown suite " + suite);
    }
  }

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

  /** The copy of the example's {@code documents-federation/}, canaries planted. */
  public static Path documents() {
    return folder.resolve("documents-federation");
  }

  /** The documents of the shadow index, as written (none for the leak matrix). */
  public static List<PlantedInjections.Planted> planted() {
    return planted;
  }

  @Override
  public Map<String, String> start() {
    try {
      models = ReplayingOpenAiServer.start();
      node = EmbeddedOpenSearch.start();
      database = EmbeddedPostgresServer.start();
      folder = Files.createTempDirectory("hubia-adversarial-it");
      copyExampleWithoutRequestLimits(folder);
      String template;
      Map<String, String> endpoints;
      if (suite.equals(LEAK)) {
        RestrictedDocuments.plant(documents());
        template = "leak-it/fuiteur.yaml.template";
        endpoints =
            Map.of(
                "fuiteur",
                models.endpoint("fuiteur", RestrictedDocuments.leakingModel(documents())));
      } else {
        planted = PlantedInjections.all();
        PlantedInjections.write(folder.resolve("pieges"), planted);
        template = "leak-it/pieges.yaml.template";
        endpoints =
            Map.of(
                "compromis",
                models.endpoint("compromis", PlantedInjections.compromisedModel(planted)));
      }
      Files.writeString(
          folder.resolve(suite + ".yaml"),
          withEndpoints(TestFiles.resource(template), endpoints),
          StandardCharsets.UTF_8);
      configs = LocalStacks.render(folder, node, database);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return LocalStacks.runtimeProperties(configs, database);
  }

  /** The example, its PolicySets without requests-per-minute limits (the rest unchanged). */
  private static void copyExampleWithoutRequestLimits(Path target) throws IOException {
    Path example = AnsweringStackResource.EXAMPLE;
    try (Stream<Path> files = Files.walk(example)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path copy = target.resolve(example.relativize(file).toString());
        Files.createDirectories(copy.getParent());
        if (file.getFileName().toString().startsWith("policyset")) {
          Files.writeString(
              copy,
              Files.readString(file).replaceAll("(?m)^\\s*requestsPerMinutePer\\w+: \\d+\\n", ""),
              StandardCharsets.UTF_8);
        } else {
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static String withEndpoints(String template, Map<String, String> endpoints) {
    Matcher m = ENDPOINT.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String url = endpoints.get(m.group(1));
      if (url == null) {
        throw new IllegalStateException("no model fixture " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(url));
    }
    return m.appendTail(out).toString();
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
