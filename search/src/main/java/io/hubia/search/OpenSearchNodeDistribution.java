package io.hubia.search;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder that the {@code opensearch-node} module builds ({@code target/opensearch-node}):
 * {@code lib/*.jar} with the launcher and OpenSearch, {@code plugins/<name>/*.jar} with k-NN.
 *
 * <p>{@link #locate()} looks, in this order, at:
 *
 * <ol>
 *   <li>the system property {@value #HOME_PROPERTY} (the search module's Failsafe sets it);
 *   <li>the environment variable {@value #HOME_ENV};
 *   <li>{@code opensearch-node/target/opensearch-node} under the working directory (started from
 *       the repository root, as local mode is);
 *   <li>{@code ../opensearch-node/target/opensearch-node} (started from a module folder, as Maven
 *       runs tests).
 * </ol>
 *
 * A folder named by the property or the variable must be valid: it is never silently skipped.
 */
record OpenSearchNodeDistribution(Path home) {

  static final String HOME_PROPERTY = "hubia.opensearch.node.home";
  static final String HOME_ENV = "HUBIA_OPENSEARCH_NODE_HOME";
  static final String MAIN_CLASS = "io.hubia.opensearch.node.OpenSearchNodeLauncher";
  private static final String LAUNCHER_JAR_PREFIX = "hubia-opensearch-node-";
  private static final List<Path> RELATIVE_CANDIDATES =
      List.of(
          Path.of("opensearch-node", "target", "opensearch-node"),
          Path.of("..", "opensearch-node", "target", "opensearch-node"));

  static OpenSearchNodeDistribution locate() {
    String configured = System.getProperty(HOME_PROPERTY);
    String source = "system property " + HOME_PROPERTY;
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(HOME_ENV);
      source = "environment variable " + HOME_ENV;
    }
    if (configured != null && !configured.isBlank()) {
      Path home = Path.of(configured).toAbsolutePath().normalize();
      String problem = problem(home);
      if (problem != null) {
        throw new IllegalStateException(
            "OpenSearch node distribution from the " + source + " is not usable: " + problem);
      }
      return new OpenSearchNodeDistribution(home);
    }
    List<String> tried = new ArrayList<>();
    for (Path candidate : RELATIVE_CANDIDATES) {
      Path home = candidate.toAbsolutePath().normalize();
      String problem = problem(home);
      if (problem == null) {
        return new OpenSearchNodeDistribution(home);
      }
      tried.add(problem);
    }
    throw new IllegalStateException(
        "OpenSearch node distribution not found ("
            + String.join("; ", tried)
            + "). Build it with ./mvnw -B -pl opensearch-node package, or set -D"
            + HOME_PROPERTY
            + " or "
            + HOME_ENV
            + " to its folder.");
  }

  /** {@code null} when {@code home} looks like a distribution, else what is wrong with it. */
  static String problem(Path home) {
    Path lib = home.resolve("lib");
    if (!Files.isDirectory(lib)) {
      return lib + " is not a folder";
    }
    Path knn = home.resolve("plugins").resolve("opensearch-knn");
    if (!Files.isDirectory(knn)) {
      return knn + " is not a folder";
    }
    try (Stream<Path> jars = Files.list(lib)) {
      boolean launcher =
          jars.map(p -> p.getFileName().toString())
              .anyMatch(name -> name.startsWith(LAUNCHER_JAR_PREFIX) && name.endsWith(".jar"));
      return launcher ? null : lib + " holds no " + LAUNCHER_JAR_PREFIX + "*.jar";
    } catch (IOException e) {
      return lib + " cannot be listed: " + e.getMessage();
    }
  }

  /** Java class path: {@code lib/*} then {@code plugins/<each>/*} (JVM wildcard entries). */
  String classPath() {
    List<String> entries = new ArrayList<>();
    entries.add(home.resolve("lib") + File.separator + "*");
    Path plugins = home.resolve("plugins");
    if (Files.isDirectory(plugins)) {
      try (Stream<Path> folders = Files.list(plugins)) {
        folders
            .filter(Files::isDirectory)
            .sorted()
            .forEach(folder -> entries.add(folder + File.separator + "*"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
