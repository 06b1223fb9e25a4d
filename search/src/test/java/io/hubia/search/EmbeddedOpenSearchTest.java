package io.hubia.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedOpenSearchTest {

  @TempDir Path home;

  @Test
  void refusesAFolderThatIsNoDistribution() {
    assertThatThrownBy(() -> EmbeddedOpenSearch.start(home))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not an OpenSearch node distribution");
  }

  @Test
  void aChildThatDiesBeforeReadyIsReportedWithItsStderr() throws IOException {
    // A launcher jar that is not a jar: the child JVM exits at once with an error on stderr.
    Files.createDirectories(home.resolve("plugins/opensearch-knn"));
    Files.createDirectories(home.resolve("lib"));
    Files.writeString(home.resolve("lib/hubia-opensearch-node-0.jar"), "not a jar");
    long before = hubiaTempFolders();

    assertThatThrownBy(() -> EmbeddedOpenSearch.start(home))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with code")
        .hasMessageContaining("last lines of its stderr")
        .hasMessageContaining(OpenSearchNodeDistribution.MAIN_CLASS);
    assertThat(hubiaTempFolders()).isEqualTo(before);
  }

  @Test
  void theChildGetsTheHeapThePipeArgumentsAndATemporaryFolder() throws IOException {
    Path work = Files.createDirectories(home.resolve("work"));

    var command = EmbeddedOpenSearch.command(new OpenSearchNodeDistribution(home), work);

    long pid = ProcessHandle.current().pid();
    assertThat(command)
        .contains("-Xms512m", "-Xmx512m", "-Djava.io.tmpdir=" + work.resolve("tmp"))
        .endsWith(
            OpenSearchNodeDistribution.MAIN_CLASS,
            work.resolve("node").toString(),
            String.valueOf(pid),
            String.valueOf(
                ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli()));
  }

  private static long hubiaTempFolders() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("hubia-opensearch-"))
          .count();
    }
  }
}
