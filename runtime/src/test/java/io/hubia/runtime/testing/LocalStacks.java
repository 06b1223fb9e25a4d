package io.hubia.runtime.testing;

import io.hubia.runtime.local.LocalMode;
import io.hubia.runtime.local.LocalResources;
import io.hubia.search.EmbeddedOpenSearch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the Quarkus test stacks share: a folder of resources ingested and rendered by local mode's
 * own code, and the runtime properties that serve the rendered configuration with the development
 * issuer and the embedded audit store.
 */
final class LocalStacks {
  private LocalStacks() {}

  /**
   * Ingests the folder's indexes into {@code node} and renders its workflows' configuration.
   *
   * @return the folder of rendered configuration files
   */
  static Path render(Path folder, EmbeddedOpenSearch node, EmbeddedPostgresServer database)
      throws IOException {
    try {
      return new LocalMode(System.out)
          .ingestAndRender(LocalResources.read(folder), node.url(), database.jdbcUrl());
    } catch (LocalResources.InvalidResourcesException e) {
      throw new IllegalStateException("the test resources are invalid: " + e.getMessage(), e);
    }
  }

  /** The runtime's properties for the rendered {@code configs} and the audit {@code database}. */
  static Map<String, String> runtimeProperties(Path configs, EmbeddedPostgresServer database) {
    return Map.of(
        "hubia.config.path",
        configs.toString(),
        "hubia.dev-issuer.enabled",
        "true",
        "hubia.audit.jdbc-url",
        database.jdbcUrl(),
        "hubia.audit.username",
        "postgres");
  }
}
