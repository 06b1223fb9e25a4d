package io.hubia.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSearchNodeDistributionTest {

  @TempDir Path home;

  private final String previous = System.getProperty(OpenSearchNodeDistribution.HOME_PROPERTY);

  @AfterEach
  void restoreProperty() {
    if (previous == null) {
      System.clearProperty(OpenSearchNodeDistribution.HOME_PROPERTY);
    } else {
      System.setProperty(OpenSearchNodeDistribution.HOME_PROPERTY, previous);
    }
  }

  @Test
  void theSystemPropertyWins() throws IOException {
    distribution(home);
    System.setProperty(OpenSearchNodeDistribution.HOME_PROPERTY, home.toString());

    assertThat(OpenSearchNodeDistribution.locate().home()).isEqualTo(home.toAbsolutePath());
  }

  @Test
  void aConfiguredFolderThatIsNoDistributionIsNotSkipped() {
    System.setProperty(OpenSearchNodeDistribution.HOME_PROPERTY, home.toString());

    assertThatThrownBy(OpenSearchNodeDistribution::locate)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(OpenSearchNodeDistribution.HOME_PROPERTY)
        .hasMessageContaining(home.resolve("lib").toString());
  }

  @Test
  void aDistributionNeedsTheLauncherAndKnn() throws IOException {
    Files.createDirectories(home.resolve("lib"));
    assertThat(OpenSearchNodeDistribution.problem(home)).contains("opensearch-knn");

    Files.createDirectories(home.resolve("plugins/opensearch-knn"));
    assertThat(OpenSearchNodeDistribution.problem(home)).contains("hubia-opensearch-node-");

    Files.createFile(home.resolve("lib/hubia-opensearch-node-1.0.jar"));
    assertThat(OpenSearchNodeDistribution.problem(home)).isNull();
  }

  @Test
  void classPathHasTheLibrariesThenEveryPlugin() throws IOException {
    distribution(home);

    assertThat(new OpenSearchNodeDistribution(home).classPath().split(File.pathSeparator))
        .containsExactly(
            home.resolve("lib") + File.separator + "*",
            home.resolve("plugins/opensearch-knn") + File.separator + "*");
  }

  private static void distribution(Path home) throws IOException {
    Files.createDirectories(home.resolve("lib"));
    Files.createDirectories(home.resolve("plugins/opensearch-knn"));
    Files.createFile(home.resolve("lib/hubia-opensearch-node-0.1.0-SNAPSHOT.jar"));
  }
}
