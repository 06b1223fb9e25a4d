package io.hubia.runtime.testing;

import io.hubia.api.config.RuntimeConfig;
import io.hubia.search.EmbeddedOpenSearch;
import io.hubia.search.OpenSearchClients;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import org.opensearch.client.opensearch.OpenSearchClient;

/**
 * Starts the application on a ConfigMap-like volume in a temporary folder, whose first content has
 * an unsupported {@code formatVersion}, as if the operator were newer than the runtime. Tests find
 * the file through the {@code hubia.config.path} property and open it with {@link
 * ConfigMapVolume#open}.
 *
 * <p>The cluster the {@link SampleConfig} names (through {@link
 * SampleConfig#OPENSEARCH_URL_PROPERTY}) is an embedded OpenSearch node holding the configuration's
 * alias, since readiness probes it.
 */
public class ConfigMapVolumeResource implements QuarkusTestResourceLifecycleManager {
  public static final String FIRST_CONTENT =
      SampleConfig.valid("assistant-juridique", 7, "membres", 4)
          .replace("formatVersion: 1", "formatVersion: 2");

  private Path dir;
  private EmbeddedOpenSearch opensearch;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("hubia-runtime-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    opensearch = EmbeddedOpenSearch.start();
    OpenSearchClient client = OpenSearchClients.create(opensearch.url());
    try {
      client
          .indices()
          .create(c -> c.index(SampleConfig.ALIAS + "-v1").aliases(SampleConfig.ALIAS, a -> a));
      client._transport().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.setProperty(SampleConfig.OPENSEARCH_URL_PROPERTY, opensearch.url().toString());
    ConfigMapVolume volume =
        ConfigMapVolume.create(dir.resolve("config"), RuntimeConfig.FILE_NAME, FIRST_CONTENT);
    return Map.of("hubia.config.path", volume.file().toString());
  }

  @Override
  public void stop() {
    if (opensearch != null) {
      opensearch.close();
      System.clearProperty(SampleConfig.OPENSEARCH_URL_PROPERTY);
    }
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
